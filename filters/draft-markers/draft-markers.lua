--[[
draft-markers: show unfinished places so no reader can miss them.

`::: todo` blocks and `[text]{.todo}` spans render as a shaded box (Typst)
or in the "Draft Marker" styles (DOCX), labelled "DRAF:". The build counts
and lists the same markers (scripts/markers.py); this filter only shows them.
A `title` attribute, if any, is printed after the text. The label's word
comes from metadata `labels.draft` (templates/labels.yaml).
]]

local label = 'DRAF: '

local function read_labels(meta)
  if meta.labels and meta.labels.draft then
    label = pandoc.utils.stringify(meta.labels.draft) .. ': '
  end
end

local function note_of(el)
  local t = el.attributes.title
  if t and t ~= '' then return t end
  return nil
end

local function Div(el)
  if not el.classes:includes('todo') then return nil end
  local blocks = el.content
  local first = blocks[1]
  if first and (first.t == 'Para' or first.t == 'Plain') then
    first.content:insert(1, pandoc.Strong{pandoc.Str(label)})
  else
    blocks:insert(1, pandoc.Para{pandoc.Strong{pandoc.Str(label)}})
  end
  local note = note_of(el)
  if note then blocks:insert(pandoc.Para{pandoc.Emph{pandoc.Str(note)}}) end
  if FORMAT:match('typst') then
    local out = pandoc.Blocks{pandoc.RawBlock('typst',
      '#block(width: 100%, fill: luma(235), stroke: (left: 2pt + luma(90)), inset: 8pt, breakable: true)[')}
    out:extend(blocks)
    out:insert(pandoc.RawBlock('typst', ']'))
    return out
  elseif FORMAT:match('docx') then
    return pandoc.Div(blocks, {['custom-style'] = 'Draft Marker'})
  end
  return pandoc.Div(blocks, el.attr)
end

local function Span(el)
  if not el.classes:includes('todo') then return nil end
  local inl = pandoc.Inlines{pandoc.Str('[')}
  inl:extend(el.content)
  local note = note_of(el)
  if note then inl:insert(pandoc.Str(': ' .. note)) end
  inl:insert(pandoc.Str(']'))
  if FORMAT:match('typst') then
    local out = pandoc.Inlines{pandoc.RawInline('typst', '#highlight(fill: luma(225))[')}
    out:extend(inl)
    out:insert(pandoc.RawInline('typst', ']'))
    return out
  elseif FORMAT:match('docx') then
    return pandoc.Span(inl, {['custom-style'] = 'Draft Marker Char'})
  end
  return pandoc.Span(inl, el.attr)
end

return { { Meta = read_labels }, { Div = Div, Span = Span } }
