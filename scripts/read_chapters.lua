-- Read chapters into pandoc JSON ASTs in one pandoc process, reusing the
-- AST of any chapter whose text has not changed (cache keyed by SHA-1).
--   pandoc lua scripts/read_chapters.lua PANDOC CACHE_DIR OUT_DIR CHAPTER.md...
-- One process instead of one per chapter: pandoc's start-up and Snakemake's
-- per-job cost were most of a full build's reading time.
-- A file that is not UTF-8 stops with path:line:col and the fix.

local pandoc_exe, cache_dir, out_dir = arg[1], arg[2], arg[3]
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
for i = 4, #arg do
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
    local key = pandoc.utils.sha1(version .. '\0' .. text)
    local cached = pandoc.path.join({cache_dir, key .. '.json'})
    local f = io.open(cached, 'rb')
    local json
    if f then
      json = f:read('a')
      f:close()
    else
      local okr, doc = pcall(pandoc.read, text, 'markdown', reader_options)
      if not okr then
        io.stderr:write(string.format('%s:1:1: error: pandoc could not read the chapter: %s — fix the Markdown it names\n',
          path, tostring(doc)))
        failed = true
      else
        json = pandoc.write(doc, 'json') .. '\n'
        spit(cached, json)
      end
    end
    if json then spit(pandoc.path.join({out_dir, name .. '.json'}), json) end
  end
end
if failed then os.exit(1) end
