--[[
figures: point a figure written as `![Caption](name){#fig:name}` at the file
the build draws for it, and give it real alt text.

A bare image name (no folder, no extension) becomes
`<figures-dir>/<name>.svg` (metadata `figures-dir`, default
`build/figures`). Alt text comes from metadata `figures.<name>.alt` (the
diagram spec's `alt`), otherwise from the caption with citations removed, so
a citation in a caption is cited once, not twice. A figure whose spec
says `status: draft` gets "[DRAF]" in its caption. The figure's source
(spec `source`, else the citations in its caption) moves to a line
"Sumber: …" under the figure; with none, the line is a draft marker.
The words ("Sumber:", "belum disebutkan", "DRAF") come from metadata
`labels` (templates/labels.yaml, by config.yaml's language).
Runs before citeproc.
]]

local stringify = pandoc.utils.stringify
local walk_blocks = dofile(PANDOC_SCRIPT_FILE:gsub('[^/\\]*$', '') .. '../lib/blockwalk.lua')
local dir = 'build/figures'
local specs = {}
local words = {source = 'Sumber:', source_missing = 'belum disebutkan', draft = 'DRAF',
  source_missing_note = 'isi source di spesifikasi diagram atau kutip di keterangan gambar'}

local function plain_caption(inlines)
  local kept = pandoc.Inlines(inlines):walk { Cite = function() return {} end,
                                               Note = function() return {} end }
  local text = stringify(kept):gsub('%s+', ' '):gsub('%s+([%.,;:])', '%1')
  return (text:gsub('^%s+', ''):gsub('%s+$', ''))
end

local function is_bare(src)
  return not src:find('/') and not src:find('%.[%a%d]+$')
end

local function fix_image(img, caption_inlines)
  if not is_bare(img.src) then return nil end
  local name = img.src
  local spec = specs[name]
  img.src = dir .. '/' .. name .. '.svg'
  local alt = spec and spec.alt and stringify(spec.alt) or plain_caption(caption_inlines or img.caption)
  img.caption = pandoc.Inlines(alt)
  img.attributes.alt = nil
  img.attributes['figure-name'] = name
  return img, spec
end

function Meta(meta)
  if meta['figures-dir'] then dir = stringify(meta['figures-dir']) end
  if meta.figures then
    for k, v in pairs(meta.figures) do specs[k] = v end
  end
  if meta.labels then
    for k in pairs(words) do
      if meta.labels[k] then words[k] = stringify(meta.labels[k]) end
    end
  end
end

-- A citation in the line; filters/inline-sources (around citeproc) writes
-- it out there in full ("Sumber: Sidik Jatmika, Otonomi Daerah …, hlm.
-- 51."): a note inside a floating figure would be numbered out of order.
local function source_cite(cite)
  for _, citation in ipairs(cite.citations) do citation.mode = 'NormalCitation' end
  return cite
end

local function source_line(spec, caption_cites)
  local inl = pandoc.Inlines{pandoc.Str(words.source), pandoc.Space()}
  local key = spec and spec.source and stringify(spec.source) or ''
  if key ~= '' then
    local loc = spec.locator and stringify(spec.locator) or ''
    local suffix = loc ~= '' and pandoc.Inlines{pandoc.Str(','), pandoc.Space(), pandoc.Str(loc)} or pandoc.Inlines{}
    inl:insert(source_cite(pandoc.Cite({pandoc.Str('@' .. key)}, {pandoc.Citation(key, 'NormalCitation', {}, suffix)})))
  elseif spec and spec.source_text and stringify(spec.source_text) ~= '' then
    inl:insert(pandoc.Str(stringify(spec.source_text)))
  elseif #caption_cites > 0 then
    -- one citation of them all: "A, …; B, …." as one note would read
    local citations, text = {}, pandoc.Inlines{}
    for _, c in ipairs(caption_cites) do
      for _, citation in ipairs(c.citations) do citations[#citations + 1] = citation end
      text:extend(c.content)
    end
    inl:insert(source_cite(pandoc.Cite(text, citations)))
  else
    -- "[belum disebutkan: what to fill]": the hint says what to do, not
    -- the placeholder's words again (both in the thesis's language)
    local hint = spec and spec.source_hint and stringify(spec.source_hint) or ''
    if hint == '' then hint = words.source_missing_note end
    local shown = pandoc.Inlines{}
    for w in words.source_missing:gmatch('%S+') do
      if #shown > 0 then shown:insert(pandoc.Space()) end
      shown:insert(pandoc.Str(w))
    end
    inl:insert(pandoc.Span(shown, {class = 'todo', title = hint}))
  end
  return pandoc.Div({pandoc.Para(inl)}, {class = 'figure-source'})
end

function Figure(fig)
  local caption_inlines = pandoc.utils.blocks_to_inlines(fig.caption.long)
  local draft, spec, managed = false, nil, false
  fig.content = fig.content:walk {
    Image = function(img)
      local new, s = fix_image(img, caption_inlines)
      if new then managed = true end
      spec = spec or s
      if s and s.status and stringify(s.status) == 'draft' then draft = true end
      return new
    end
  }
  if not managed then return nil end
  -- The source moves out of the caption to a "Sumber:" line under the
  -- figure: one footnote, and lists of figures without footnotes.
  local cites = {}
  fig.caption.long = fig.caption.long:walk {
    Cite = function(c)
      if c.citations[1].id:match('^fig:') or c.citations[1].id:match('^tbl:') then return nil end
      cites[#cites + 1] = c
      return {}
    end
  }
  fig.caption.long = fig.caption.long:walk {
    Inlines = function(inl)
      while #inl > 0 and (inl[#inl].t == 'Space' or inl[#inl].t == 'SoftBreak') do inl:remove(#inl) end
      return inl
    end
  }
  if draft and #fig.caption.long > 0 then
    local last = fig.caption.long[#fig.caption.long]
    if last.content then
      last.content:insert(pandoc.Space())
      last.content:insert(pandoc.Strong{pandoc.Str('[' .. words.draft .. ']')})
    end
  end
  return {fig, source_line(spec, cites)}
end

-- Figures are blocks: walk blocks only (filters/lib/blockwalk.lua).
return {
  { Meta = Meta },
  { Pandoc = function(doc)
      doc.blocks = walk_blocks(doc.blocks, {Figure = Figure})
      return doc
    end },
}
