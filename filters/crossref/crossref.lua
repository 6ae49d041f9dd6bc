--[[
crossref: number chapters, sections, figures and tables the Indonesian way
and turn `@fig:id`, `[@tbl:id]` and `@sec:id` into links reading
"Gambar 1.1", "Tabel 2.3", "BAB I", "BAB I bagian E.2".

Runs before citeproc, so cross-reference keys never reach it as missing
citations. Numbers are stored on the elements (attribute `number`) for the
format-specific layout filter. Figures and tables are numbered per chapter.
Settings from metadata: `crossref-figure` (default "Gambar"),
`crossref-table` ("Tabel"), `crossref-chapter` ("BAB"),
`crossref-section` ("bagian"), `crossref-appendix` ("LAMPIRAN"),
`crossref-and` ("dan", between the last two of several references);
scripts/assemble.py sets them from templates/labels.yaml.
]]

local stringify = pandoc.utils.stringify
local walk_blocks = dofile(PANDOC_SCRIPT_FILE:gsub('[^/\\]*$', '') .. '../lib/blockwalk.lua')

local names = {
  fig = 'Gambar', tbl = 'Tabel', chapter = 'BAB', section = 'bagian',
  appendix = 'LAMPIRAN', ['and'] = 'dan',
}

local function roman(n)
  local vals = {{1000,'M'},{900,'CM'},{500,'D'},{400,'CD'},{100,'C'},{90,'XC'},
    {50,'L'},{40,'XL'},{10,'X'},{9,'IX'},{5,'V'},{4,'IV'},{1,'I'}}
  local out = {}
  for _, v in ipairs(vals) do
    while n >= v[1] do out[#out+1] = v[2]; n = n - v[1] end
  end
  return table.concat(out)
end

local function alpha(n, upper)
  local s = ''
  while n > 0 do
    local r = (n - 1) % 26
    s = string.char((upper and 65 or 97) + r) .. s
    n = (n - 1 - r) // 26
  end
  return s
end

-- Heading label per level: BAB I / A. / 1. / a. / 1)
local function level_label(level, n)
  if level == 2 then return alpha(n, true) .. '.'
  elseif level == 3 then return tostring(n) .. '.'
  elseif level == 4 then return alpha(n, false) .. '.'
  else return tostring(n) .. ')' end
end

local labels = {}   -- id -> reference text

local function has(el, class)
  return el.classes and el.classes:includes(class)
end

local function number_document(doc)
  local role = nil
  local chapter, appendix = 0, 0
  local sec = {0, 0, 0, 0, 0, 0}
  local path = {}
  local fig, tbl = 0, 0
  local roles = {front = true, body = true, appendix = true}

  local function chapter_ref()
    if role == 'appendix' then return names.appendix .. ' ' .. appendix end
    return names.chapter .. ' ' .. roman(chapter)
  end

  local function prefix()
    return role == 'appendix' and tostring(appendix) or tostring(chapter)
  end

  -- headings, figures and tables are blocks: walk blocks only, in order
  doc.blocks = walk_blocks(doc.blocks, {
    Div = function(el)
      if has(el, 'chapter') then
        for r in pairs(roles) do if has(el, r) then role = r end end
      elseif has(el, 'toc') or has(el, 'lof') or has(el, 'lot') or has(el, 'loa')
          or has(el, 'mainmatter') or has(el, 'bibliography')
          or has(el, 'appendices') or has(el, 'frontpages') then
        role = nil
      end
    end,
    Header = function(el)
      if role ~= 'body' and role ~= 'appendix' then return nil end
      if has(el, 'unnumbered') then return nil end
      if el.level == 1 then
        if role == 'appendix' then appendix = appendix + 1 else chapter = chapter + 1 end
        sec = {0, 0, 0, 0, 0, 0}; path = {}; fig, tbl = 0, 0
        el.attributes.number = chapter_ref()
        if el.identifier ~= '' then labels[el.identifier] = chapter_ref() end
      else
        sec[el.level] = sec[el.level] + 1
        for l = el.level + 1, #sec do sec[l] = 0 end
        local parts = {}
        for l = 2, el.level do
          parts[#parts+1] = (l == 2 and alpha(sec[l], true)) or (l == 4 and alpha(sec[l], false)) or tostring(sec[l])
        end
        el.attributes.number = level_label(el.level, sec[el.level])
        if el.identifier ~= '' then
          labels[el.identifier] = chapter_ref() .. ' ' .. names.section .. ' ' .. table.concat(parts, '.')
        end
      end
      return el
    end,
    Figure = function(el)
      if role ~= 'body' and role ~= 'appendix' then return nil end
      fig = fig + 1
      local num = prefix() .. '.' .. fig
      el.attributes.number = num
      if el.identifier ~= '' then labels[el.identifier] = names.fig .. ' ' .. num end
      return el
    end,
    Table = function(el)
      if role ~= 'body' and role ~= 'appendix' then return nil end
      tbl = tbl + 1
      local num = prefix() .. '.' .. tbl
      el.attributes.number = num
      if el.identifier ~= '' then labels[el.identifier] = names.tbl .. ' ' .. num end
      return el
    end,
  }, {topdown = true})
  return doc
end

local function is_crossref(id)
  return id:match('^fig:') or id:match('^tbl:') or id:match('^sec:')
end

local function resolve(cite)
  if not is_crossref(cite.citations[1].id) then return nil end
  local out = pandoc.Inlines{}
  local n = #cite.citations
  for i, c in ipairs(cite.citations) do
    if i > 1 then
      out:insert(i == n and pandoc.Str(' ' .. names['and'] .. ' ') or pandoc.Str(', '))
    end
    out:extend(c.prefix)
    if #c.prefix > 0 then out:insert(pandoc.Space()) end
    local text = labels[c.id]
    if text then
      out:insert(pandoc.Link(pandoc.Inlines(text), '#' .. c.id, '', {class = 'crossref'}))
    else
      io.stderr:write('[WARNING] crossref: unknown label ' .. c.id .. '\n')
      out:insert(pandoc.Strong{pandoc.Str('??' .. c.id .. '??')})
    end
    if #c.suffix > 0 then out:insert(pandoc.Space()); out:extend(c.suffix) end
  end
  return out
end

function Pandoc(doc)
  local m = doc.meta
  for key, field in pairs({fig = 'crossref-figure', tbl = 'crossref-table',
      chapter = 'crossref-chapter', section = 'crossref-section',
      appendix = 'crossref-appendix', ['and'] = 'crossref-and'}) do
    if m[field] then names[key] = stringify(m[field]) end
  end
  doc = number_document(doc)
  return doc:walk { Cite = resolve }
end
