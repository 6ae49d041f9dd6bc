-- Read chapters into pandoc JSON ASTs in one pandoc process, reusing the
-- AST of any chapter whose text has not changed (cache keyed by SHA-1).
--   pandoc lua scripts/read_chapters.lua PANDOC CACHE_DIR OUT_DIR WARNINGS CHAPTER.md...
-- One process instead of one per chapter: pandoc's start-up and Snakemake's
-- per-job cost were most of a full build's reading time.
-- A file that is not UTF-8 stops with path:line:col and the fix.
-- The reader's warnings (an unclosed div, a duplicate identifier …) are
-- caught per chapter, with their positions, and written to WARNINGS (JSON):
-- the check reports them as located errors, so a chapter pandoc had to
-- guess at never reaches the PDF. Nothing is printed for them here.

local pandoc_exe, cache_dir, out_dir, warnings_path = arg[1], arg[2], arg[3], arg[4]
-- a change of what the cache holds must not reuse older entries
local cache_tag = 'reader-log-1'
local failed = false

-- The command line reader knows abbreviations ("No.", "Dr.") and keeps a
-- non-breaking space after them; pandoc.read needs to be told the same list.
local abbreviations = {}
for line in pandoc.pipe(pandoc_exe, {'--print-default-data-file', 'abbreviations'}, ''):gmatch('[^\n]+') do
  abbreviations[line] = true
end
local reader_options = pandoc.ReaderOptions{abbreviations = abbreviations}

local function slurp(path)
  local f = assert(io.open(path, 'rb'))
  local s = f:read('a')
  f:close()
  return s
end

local function spit(path, s)
  local tmp = path .. '.part'
  local f = assert(io.open(tmp, 'wb'))
  f:write(s)
  f:close()
  assert(os.rename(tmp, path))
end

-- pandoc.read with its log messages (pandoc 3.2+: pandoc.log.silence
-- returns them instead of printing them).
local function read_logged(text)
  local ok, messages, doc = pcall(pandoc.log.silence, pandoc.read, text, 'markdown', reader_options)
  if not ok then return nil, messages end
  local found = {}
  for _, m in ipairs(messages) do
    -- only what the reader warns about; INFO messages are not mistakes
    local json = pandoc.json.decode(pandoc.json.encode(m), false)
    if json.verbosity == 'WARNING' or json.verbosity == 'ERROR' then found[#found + 1] = json end
  end
  return doc, nil, found
end

local function locate(text, pos)
  local line, col = 1, 1
  for i = 1, pos - 1 do
    if text:byte(i) == 10 then line, col = line + 1, 1 else col = col + 1 end
  end
  return line, col
end

pandoc.system.make_directory(cache_dir, true)
pandoc.system.make_directory(out_dir, true)
local version = tostring(PANDOC_VERSION)
local warnings = {}
for i = 5, #arg do
  local path = arg[i]
  local text = slurp(path)
  local ok, bad = utf8.len(text)
  if not ok then
    local line, col = locate(text, bad)
    io.stderr:write(string.format(
      '%s:%d:%d: error: byte 0x%02x is not UTF-8 — save the chapter as UTF-8 (in most editors: Save with Encoding → UTF-8)\n',
      path, line, col, text:byte(bad)))
    failed = true
  else
    local name = pandoc.path.split_extension(pandoc.path.filename(path))
    local key = pandoc.utils.sha1(version .. '\0' .. cache_tag .. '\0' .. text)
    local cached = pandoc.path.join({cache_dir, key .. '.json'})
    local f = io.open(cached, 'rb')
    local json
    if f then
      json = f:read('a')
      f:close()
    else
      local doc, err, found = read_logged(text)
      if not doc then
        -- pandoc names the place as "(line N, column M)" (a YAML block's error)
        local msg = tostring(err):gsub('%s+', ' ')
        local line, col = msg:match('%(line (%d+), column (%d+)%)')
        io.stderr:write(string.format('%s:%s:%s: error: pandoc could not read the chapter: %s — fix the Markdown it names\n',
          path, line or 1, col or 1, msg))
        failed = true
      else
        json = pandoc.write(doc, 'json') .. '\n'
        if #found > 0 then
          warnings[#warnings + 1] = {path = path, messages = found}
        else
          -- only a clean read is cached: a cache hit has no warnings to tell
          spit(cached, json)
        end
      end
    end
    if json then spit(pandoc.path.join({out_dir, name .. '.json'}), json) end
  end
end
if warnings_path then
  pandoc.system.make_directory(pandoc.path.directory(warnings_path), true)
  -- the same bytes for the same chapters: a list in thesis order
  spit(warnings_path, pandoc.json.encode({chapters = warnings}) .. '\n')
end
if failed then os.exit(1) end
