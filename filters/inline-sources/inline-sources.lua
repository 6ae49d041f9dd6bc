--[[
inline-sources: a figure's citations (its "Sumber: …" line, its caption)
printed in the line itself, in full, not as footnotes.

A figure floats to where it fits (the top of this page or of the next): a
note inside it would be numbered where the text has it and printed where the
figure lands, so numbers would run backwards across pages (issue 25), and an
"Ibid." after it would name the wrong work. Indonesian guides write a
figure's or table's source as a line of text under it ("Sumber: …"), not as
a note, so here it is the citation written out.

Runs twice, around --citeproc:

1. before: each citation of a figure becomes an empty Span.inline-source
   (attribute n) and moves to the end of the document, each after an empty
   heading (class inline-source, the same n) with class
   reset-citation-positions:
   citeproc writes each in full (never "Ibid." or a short form), and the
   notes of the text keep their positions (an "Ibid." follows the note
   before it in the text).
2. after (the headings are there): the Spans take the text citeproc wrote
   (a note's text in a notes style, the citation itself in an author-date
   one); the headings and the citations go.
]]

local walk_blocks = dofile(PANDOC_SCRIPT_FILE:gsub('[^/\\]*$', '') .. '../lib/blockwalk.lua')

local HOLD = 'inline-source'
local CROSSREF = {'^fig:', '^tbl:', '^sec:'}

local function is_crossref(cite)
  local id = cite.citations[1].id
  for _, p in ipairs(CROSSREF) do
    if id:match(p) then return true end
  end
  return false
end

local function is_source_line(b)
  return b.t == 'Div' and b.classes:includes('figure-source')
end

-- the blocks whose citations are written out: figures and their source lines
local function in_figures(blocks, fn)
  return walk_blocks(blocks, {
    Figure = fn,
    Div = function(b) if is_source_line(b) then return fn(b) end end,
  })
end

-- citeproc takes a citation's note number from citationNoteNum and
-- writes "Ibid." only for the note right after: numbered as the notes are
-- printed (the reader numbered the held citations too, and each chapter
-- it read from 1), one number per citation outside a note, a note's own
-- for the citations in it.
local function renumber(doc)
  local count = 0
  local function set(cite, num)
    for _, citation in ipairs(cite.citations) do citation.note_num = num end
    return cite
  end
  return doc:walk {
    traverse = 'topdown',
    Note = function(note)
      count = count + 1
      local num = count
      return note:walk { Cite = function(c) return set(c, num) end }, false
    end,
    Cite = function(c)
      count = count + 1
      return set(c, count), false
    end,
  }
end

-- citeproc resets its positions at a heading of the document's top level
-- only (not inside a Div): the held citations stand there, each after its
-- own heading (class HOLD, attribute n), at the end of the document
local function move_out(doc)
  local n = 0
  local held = pandoc.Blocks{}
  doc.blocks = in_figures(doc.blocks, function(b)
    return b:walk { Cite = function(c)
      if is_crossref(c) then return nil end
      for _, citation in ipairs(c.citations) do citation.mode = 'NormalCitation' end
      n = n + 1
      held:insert(pandoc.Header(1, {}, {class = 'reset-citation-positions ' .. HOLD, n = tostring(n)}))
      held:insert(pandoc.Para{c})
      return pandoc.Span({}, {class = HOLD, n = tostring(n)})
    end }
  end)
  doc.blocks:extend(held)
  return renumber(doc)
end

local function is_held(b)
  return b and b.t == 'Header' and b.classes:includes(HOLD)
end

-- what citeproc wrote for one citation: a note's text, or the citation
local function written(para)
  local cite = para.content[1]
  local inl = cite and cite.t == 'Cite' and cite.content or para.content
  if #inl == 1 and inl[1].t == 'Note' then
    return pandoc.utils.blocks_to_inlines(inl[1].content)
  end
  return inl
end

-- the held citations leave the top level (citeproc may have appended its
-- bibliography after them, when the document has no Div#refs)
local function move_back(doc)
  local texts, kept = {}, pandoc.Blocks{}
  local i = 1
  while i <= #doc.blocks do
    local b = doc.blocks[i]
    if is_held(b) then
      local para = doc.blocks[i + 1]
      texts[b.attributes.n] = para and para.t == 'Para' and written(para) or pandoc.Inlines{}
      i = i + 2
    else
      kept:insert(b)
      i = i + 1
    end
  end
  doc.blocks = in_figures(kept, function(b)
    return b:walk { Span = function(s)
      if s.classes:includes(HOLD) then return texts[s.attributes.n] end
    end }
  end)
  return doc
end

return {
  { Pandoc = function(doc)
      for _, b in ipairs(doc.blocks) do
        if is_held(b) then return move_back(doc) end
      end
      return move_out(doc)
    end },
}
