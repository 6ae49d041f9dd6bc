--[[
data-in-text: put tables and numbers computed from data/ into the text.

  ::: {.data-table name="ringkasan-bukti" #tbl:ringkasan-bukti}
  Ringkasan bukti per hipotesis.
  :::

becomes a table with that caption and label (numbered like any table), and
`[]{.data value="bukti.H1"}` becomes the number; a cell written
`{todo: "…"}` becomes a draft marker span. A table whose status is draft
gets "[DRAF]" after its caption; every table gets a "Sumber:" line under it,
a draft marker when no source_text is given. Tables and values come from
metadata `data.tables` / `data.values` (written by scripts/evidence.py). An
unknown name stops pandoc with an error naming it (the check reports it with
its line first). Runs before crossref.
]]

local stringify = pandoc.utils.stringify
local values, tables = {}, {}

local function fail(msg)
  io.stderr:write('data-in-text: ' .. msg .. '\n')
  error(msg)
end

function Meta(meta)
  local data = meta.data
  if not data then return nil end
  if data.values then
    for k, v in pairs(data.values) do values[k] = stringify(v) end
  end
  if data.tables then
    for k, v in pairs(data.tables) do tables[k] = v end
  end
end

local function cell(text)
  return pandoc.Cell({pandoc.Plain(pandoc.Inlines(text))})
end

-- A cell given as {todo: "text"} is a gap in the data (no evidence yet):
-- a draft marker span, which the draft-markers filter shades and the check
-- counts, instead of a value that could pass for a finding.
local function data_cell(c)
  if type(c) == 'table' and c.todo ~= nil then
    return pandoc.Cell({pandoc.Plain({pandoc.Span(pandoc.Inlines(stringify(c.todo)), pandoc.Attr('', {'todo'}))})})
  end
  return cell(stringify(c))
end

local function build_table(spec, caption_blocks, attr)
  local header = {}
  for _, h in ipairs(spec.header) do header[#header + 1] = cell(stringify(h)) end
  local rows = {}
  for _, r in ipairs(spec.rows) do
    local cells = {}
    for _, c in ipairs(r) do cells[#cells + 1] = data_cell(c) end
    rows[#rows + 1] = pandoc.Row(cells)
  end
  local colspecs = {}
  for _, a in ipairs(spec.align) do colspecs[#colspecs + 1] = {stringify(a), nil} end
  return pandoc.Table(
    pandoc.Caption(caption_blocks),
    colspecs,
    pandoc.TableHead({pandoc.Row(header)}),
    {{attr = pandoc.Attr(), body = rows, head = {}, row_head_columns = 0}},
    pandoc.TableFoot(),
    attr)
end

-- A table the build composes is the pipeline's, not the source's: "[DRAF]"
-- after its caption while its status is draft, and under it a "Sumber:"
-- line with the author's source_text, or a placeholder saying what to fill
-- (the check counts both). Same form as a figure's (filters/figures).
local function mark_draft(caption_blocks)
  local last = caption_blocks[#caption_blocks]
  if last and last.content then
    last.content:insert(pandoc.Space())
    last.content:insert(pandoc.Strong{pandoc.Str('[DRAF]')})
  end
end

local function source_line(spec)
  local inl = pandoc.Inlines{pandoc.Str('Sumber:'), pandoc.Space()}
  local given = spec.source_text and stringify(spec.source_text) or ''
  if given ~= '' then
    inl:extend(pandoc.Inlines(given))
  else
    local hint = spec.source_hint and stringify(spec.source_hint) or ''
    inl:insert(pandoc.Span({pandoc.Str('belum'), pandoc.Space(), pandoc.Str('disebutkan')},
      {class = 'todo', title = hint ~= '' and hint or nil}))
  end
  return pandoc.Div({pandoc.Para(inl)}, {class = 'figure-source'})
end

function Div(el)
  if not el.classes:includes('data-table') then return nil end
  local name = el.attributes.name or ''
  local spec = tables[name]
  if not spec then fail('no data table named "' .. name .. '"') end
  local caption = el.content
  if spec.status and stringify(spec.status) == 'draft' then mark_draft(caption) end
  return {build_table(spec, caption, pandoc.Attr(el.identifier)), source_line(spec)}
end

function Span(el)
  if not el.classes:includes('data') then return nil end
  local name = el.attributes.value or ''
  local v = values[name]
  if v == nil then fail('no data value named "' .. name .. '"') end
  return pandoc.Str(v)
end

return {
  { Meta = Meta },
  { Div = Div, Span = Span },
}
