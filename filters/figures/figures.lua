--[[
figures: point a figure written as `![Caption](name){#fig:name}` at the file
the build draws for it, and give it real alt text.

A bare image name (no folder, no extension) becomes
`<figures-dir>/<name>.svg` (metadata `figures-dir`, default
`build/figures`). Alt text comes from metadata `figures.<name>.alt` (the
diagram spec's `alt`), otherwise from the caption with citations removed, so
a citation in a caption yields one footnote, not two. A figure whose spec
says `status: draft` gets "[DRAF]" in its caption. The figure's source
(spec `source`, else the citations in its caption) moves to a line
"Sumber: …" under the figure; with none, the line is a draft marker.
Runs before citeproc.
]]

local stringify = pandoc.utils.stringify
local walk_blocks = dofile(PANDOC_SCRIPT_FILE:gsub('[^/\\]*$', '') .. '../lib/blockwalk.lua')
local dir = 'build/figures'
local specs = {}
local authors = {}

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
  if meta['source-authors'] then
    for k, v in pairs(meta['source-authors']) do authors[k] = stringify(v) end
  end
  if meta.figures then
    for k, v in pairs(meta.figures) do specs[k] = v end
  end
end

-- "Sumber: Jatmika" with the full citation, author included, in a note:
-- the author's short name from metadata source-authors (scripts/render.py);
-- without it, pandoc's AuthorInText (name in the text, a note without it).
local function source_cite(cite)
  local key = cite.citations[1].id
  local author = authors[key]
  if not author or #cite.citations > 1 then return pandoc.Inlines{cite} end
  cite.citations[1].mode = 'NormalCitation'
  local out = pandoc.Inlines(author)
  out:insert(cite)
  return out
end

local function source_line(spec, caption_cites)
  local inl = pandoc.Inlines{pandoc.Str('Sumber:'), pandoc.Space()}
  local key = spec and spec.source and stringify(spec.source) or ''
  if key ~= '' then
    local loc = spec.locator and stringify(spec.locator) or ''
    local suffix = loc ~= '' and pandoc.Inlines{pandoc.Str(','), pandoc.Space(), pandoc.Str(loc)} or pandoc.Inlines{}
    inl:extend(source_cite(pandoc.Cite({pandoc.Str('@' .. key)}, {pandoc.Citation(key, 'AuthorInText', {}, suffix)})))
  elseif spec and spec.source_text and stringify(spec.source_text) ~= '' then
    inl:insert(pandoc.Str(stringify(spec.source_text)))
  elseif #caption_cites > 0 then

    for i, c in ipairs(caption_cites) do
      if i > 1 then inl:insert(pandoc.Str(';')); inl:insert(pandoc.Space()) end
      for _, citation in ipairs(c.citations) do citation.mode = 'AuthorInText' end
      inl:extend(source_cite(c))
    end
  else
    -- "[belum disebutkan: what to fill]": the hint says what to do, not
    -- the placeholder's words again
    local hint = spec and spec.source_hint and stringify(spec.source_hint) or ''
    if hint == '' then hint = 'isi source di spesifikasi diagram atau kutip di keterangan gambar' end
    inl:insert(pandoc.Span({pandoc.Str('belum'), pandoc.Space(), pandoc.Str('disebutkan')}, {class = 'todo', title = hint}))
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
      last.content:insert(pandoc.Strong{pandoc.Str('[DRAF]')})
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
