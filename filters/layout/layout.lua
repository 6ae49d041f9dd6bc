--[[
layout: turn the thesis structure into pages, for Typst and for DOCX.

Reads the Divs scripts/assemble.py puts around the parts (frontpages,
titlepage, toc, lof, lot, mainmatter, bibliography, appendices) and the
numbers crossref.lua stored on headings, figures and tables.

Typst: numbering of headings and figures is left to the template (so the
outline and the text agree); this filter emits the outlines, the switch from
roman to arabic page numbers, the title page and the bibliography block.
DOCX: Word has no per-chapter caption numbering, so numbers are written into
headings ("BAB I" / "A.") and captions ("Gambar 1.1"), lists become TOC
fields, and a section break ends the roman-numbered front matter.
]]

local stringify = pandoc.utils.stringify
local walk_blocks = dofile(PANDOC_SCRIPT_FILE:gsub('[^/\\]*$', '') .. '../lib/blockwalk.lua')
local layout = {}
-- The words this filter prints, from metadata `labels` (templates/labels.yaml,
-- by config.yaml's language); Indonesian when the metadata has none.
local words = {
  figure = 'Gambar', table = 'Tabel', appendix = 'LAMPIRAN', draft_stamp = 'Draf',
  contents = 'Daftar Isi', list_of_figures = 'Daftar Gambar', list_of_tables = 'Daftar Tabel',
  list_of_appendices = 'Daftar Lampiran',
  update_field = 'Klik kanan lalu pilih Update Field (F9) untuk memperbarui daftar ini.',
}

local function has(el, c) return el.classes and el.classes:includes(c) end
local function typst(s) return pandoc.RawBlock('typst', s) end
local function ooxml(s) return pandoc.RawBlock('openxml', s) end

local function cm_to_twips(s)
  local n = tonumber((s or ''):match('^([%d%.]+)'))
  return n and math.floor(n * 567 + 0.5) or 1701
end

-- A draft (rules/drafts.smk) sets metadata draft-id and draft-commit; the
-- stamp goes on the title page and, in the PDF, in every page header.
local function draft_stamp()
  if not layout['draft-id'] then return nil end
  return words.draft_stamp .. ' ' .. layout['draft-id'] .. ' · commit ' .. (layout['draft-commit'] or '?')
end

local function upper_inlines(inlines)

  return inlines:walk { Str = function(s) return pandoc.Str(pandoc.text.upper(s.text)) end }
end

local function typst_inlines(inlines)
  local doc = pandoc.Pandoc({pandoc.Plain(inlines)})
  return (pandoc.write(doc, 'typst-citations'):gsub('%s+$', ''))
end

-- The approval page's signatures: a Div .signatures holding one Div
-- .signature (attribute role, content the name) per supervisor and
-- examiner, from templates/frontmatter.md.j2. Each becomes a row: role,
-- name, a line to sign on, a line for the date of signing.
local SIGN_LINE = '_______________'
local DATE_LINE = '_________'
local SIGN_HEAD = {'Jabatan', 'Nama', 'Tanda Tangan', 'Tanggal'}  -- labels.signature_head
local SIGN_WIDTHS = {0.22, 0.36, 0.26, 0.16}

local function signature_rows(el)
  local rows = {}
  for _, b in ipairs(el.content) do
    if b.t == 'Div' and has(b, 'signature') then
      rows[#rows + 1] = {
        pandoc.Inlines(b.attributes.role or ''),
        pandoc.utils.blocks_to_inlines(b.content),
        pandoc.Inlines(SIGN_LINE),
        pandoc.Inlines(DATE_LINE),
      }
    end
  end
  return rows
end

-- ---------------------------------------------------------------- Typst
local T = {}

local function typst_string(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"'):gsub('\n', ' ') .. '"'
end

-- Figures float (to the top or bottom of this page, or the next) while the
-- text flows on, as in LaTeX and Typst theses: a figure and its "Sumber:"
-- line are grouped into a Div .float first, so they move together.
local function group_floats(blocks)
  local out = pandoc.Blocks{}
  local i = 1
  while i <= #blocks do
    local b = blocks[i]
    if b.t == 'Div' then
      b.content = group_floats(b.content)
      out:insert(b)
    elseif b.t == 'Figure' then
      local group = pandoc.Blocks{b}
      local nxt = blocks[i + 1]
      if nxt and nxt.t == 'Div' and has(nxt, 'figure-source') then
        group:insert(nxt)
        i = i + 1
      end
      out:insert(pandoc.Div(group, {class = 'float'}))
    else
      out:insert(b)
    end
    i = i + 1
  end
  return out
end

-- The university's logo on the title page: a Div .logo (attributes src and
-- alt) from templates/frontmatter.md.j2, never a numbered figure.
local LOGO_HEIGHT = '4cm'

function T.Div(el)
  if has(el, 'logo') then
    return typst('#image(' .. typst_string(el.attributes.src or '') .. ', alt: ' ..
      typst_string(el.attributes.alt or 'Logo') .. ', height: ' .. LOGO_HEIGHT .. ')')
  elseif has(el, 'float') then
    local out = pandoc.Blocks{typst('#place(auto, float: true, clearance: 1.5em, block(width: 100%)[')}
    out:extend(el.content)
    out:insert(typst('])'))
    return out
  elseif has(el, 'figure-source') then
    local out = pandoc.Blocks{typst('#block(above: -0.6em, below: 0em, width: 100%)[#set align(center)\n#set par(first-line-indent: 0pt, justify: false, leading: 0.12em)\n#set text(size: 10pt)')}
    out:extend(el.content)
    out:insert(typst(']'))
    return out
  elseif has(el, 'titlepage') then
    local out = pandoc.Blocks{typst('#page(footer: none)[#set align(center)\n#set par(first-line-indent: 0pt, justify: false, spacing: 1.4em)\n#v(1fr)')}

    out:extend(el.content)
    if draft_stamp() then out:insert(pandoc.Para(pandoc.Emph(draft_stamp()))) end
    out:insert(typst('#v(1fr)\n]'))
    if draft_stamp() then
      -- every later page carries the draft id in its header
      out:insert(typst('#set page(header: align(right, text(size: 8pt, fill: luma(110))[' ..
        draft_stamp():gsub('[%[%]#\\*_]', '\\%0') .. ']))'))
    end
    return out

  elseif has(el, 'approval') then
    local out = pandoc.Blocks{typst('#[#set par(first-line-indent: 0pt, justify: false)')}
    out:extend(el.content)
    out:insert(typst(']'))
    return out
  elseif has(el, 'signatures') then
    -- a borderless table in the body size (tables elsewhere are 10 pt)
    local cols = {}
    for i, w in ipairs(SIGN_WIDTHS) do cols[i] = string.format('%d%%', math.floor(w * 100 + 0.5)) end
    local cells = {}
    for _, h in ipairs(SIGN_HEAD) do cells[#cells + 1] = '[*' .. h .. '*]' end
    for _, row in ipairs(signature_rows(el)) do
      for _, c in ipairs(row) do cells[#cells + 1] = '[' .. typst_inlines(c) .. ']' end
    end
    return typst('#block(above: 2em)[#show table: set text(size: ' .. (layout['font-size'] or '12') .. 'pt)\n#table(columns: (' ..
      table.concat(cols, ', ') .. '), stroke: none, inset: (x: 3pt, y: 11pt), align: left + bottom,\n  ' ..
      table.concat(cells, ', ') .. ')]')
  elseif has(el, 'endorsement') then
    local out = pandoc.Blocks{typst('#block(above: 2.5em, width: 100%)[#set align(center)\n#set par(first-line-indent: 0pt, justify: false, leading: 0.5em)')}
    out:extend(el.content)
    out:insert(typst(']'))
    return out
  elseif has(el, 'signature-block') then
    local out = pandoc.Blocks{typst('#align(right, block(above: 2em, width: 45%)[#set align(left)\n#set par(first-line-indent: 0pt, justify: false, leading: 0.5em)')}
    out:extend(el.content)
    out:insert(typst('])'))
    return out
  -- The lists' own headings are the Div's heading, so DAFTAR ISI lists
  -- DAFTAR ISI, GAMBAR, TABEL and LAMPIRAN as the guides do.
  elseif has(el, 'toc') then
    return {el.content[1], typst('#outline(title: none, depth: 3, indent: auto)')}
  elseif has(el, 'lof') then
    return {el.content[1], typst('#outline(title: none, target: figure.where(kind: image))')}
  elseif has(el, 'lot') then
    return {el.content[1], typst('#outline(title: none, target: figure.where(kind: table))')}
  elseif has(el, 'loa') then
    -- the appendices: the chapters after the mark where they begin
    return {el.content[1], typst('#outline(title: none, target: heading.where(level: 1).after(<lampiran>, inclusive: false))')}
  elseif has(el, 'mainmatter') then
    return typst('#pagebreak(weak: true)\n#set page(numbering: "1")\n#counter(page).update(1)')
  elseif has(el, 'chapter') and has(el, 'body') then
    -- Typst's page settings may not stand inside a block: unwrap the parts.
    -- Figures still floating at a chapter's end are set before the next
    -- chapter begins (the flush stands on the chapter's last page).
    local out = el.content
    out:insert(typst('#place.flush()'))
    return out
  elseif has(el, 'appendices') then
    -- an invisible mark DAFTAR LAMPIRAN's outline counts from
    return typst('#metadata("lampiran") <lampiran>')
  elseif has(el, 'chapter') or has(el, 'frontpages') then
    return el.content
  elseif has(el, 'bibliography') then
    local out = pandoc.Blocks{}
    for _, b in ipairs(el.content) do
      if b.t == 'Div' and b.identifier == 'refs' then
        out:insert(typst('#[#set par(first-line-indent: 0pt, hanging-indent: 1.25cm, leading: 0.12em, spacing: 1.2em, justify: false)'))
        out:insert(b)
        out:insert(typst(']'))
      else
        out:insert(b)
      end
    end
    return out
  end
end

function T.Header(el)
  local num = el.attributes.number
  if num and num:sub(1, #words.appendix) == words.appendix then
    -- appendices: unnumbered for Typst, their label written out
    local content = pandoc.Inlines{pandoc.Str(num), pandoc.LineBreak()}
    content:extend(el.content)
    el.content = content
    el.classes:insert('unnumbered')
    el.attributes.number = nil
    return el
  end
  el.attributes.number = nil
  return el
end



-- A table caption written as a paragraph would end in a paragraph break in
-- Typst, which pushes the leader and page of its DAFTAR TABEL entry onto a
-- line of their own: plain inlines instead.
function T.Table(el)
  local long, changed = el.caption.long, false
  for i, b in ipairs(long) do
    if b.t == 'Para' then
      long[i] = pandoc.Plain(b.content)
      changed = true
    end
  end
  if not changed then return nil end
  el.caption.long = long
  return el
end

-- pandoc's Typst writer drops alt text; PDF/UA needs it on every figure.
function T.Figure(fig)
  local img
  fig.content:walk { Image = function(i) img = img or i end }
  if not img then return nil end
  local alt = stringify(img.caption)
  -- the Typst source is compiled with the project as root (scripts/render.py)
  local args = {typst_string(img.src)}
  if alt ~= '' then args[#args + 1] = 'alt: ' .. typst_string(alt) end
  local w = img.attributes.width
  if w then
    local pct = w:match('^([%d%.]+)%%$')
    args[#args + 1] = 'width: ' .. (pct and (pct .. '%') or w)
  else
    args[#args + 1] = 'width: 100%'
  end
  local cap = typst_inlines(pandoc.utils.blocks_to_inlines(fig.caption.long))
  local label = fig.identifier ~= '' and (' <' .. fig.identifier .. '>') or ''
  return typst('#figure(image(' .. table.concat(args, ', ') .. '),\n  caption: [' .. cap .. '])' .. label)
end

-- ---------------------------------------------------------------- DOCX
local D = {}

local function field(instr, placeholder)
  return ooxml(
    '<w:p><w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>' ..
    '<w:r><w:instrText xml:space="preserve"> ' .. instr .. ' </w:instrText></w:r>' ..
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' ..
    '<w:r><w:t>' .. placeholder .. '</w:t></w:r>' ..
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
end

local PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'

local function list_heading(text)
  return pandoc.Header(1, pandoc.Inlines(text), {class = 'unnumbered'})
end

local function signature_table(el)
  local aligns, widths, head = {}, {}, {}
  for i, h in ipairs(SIGN_HEAD) do
    aligns[i], widths[i] = pandoc.AlignLeft, SIGN_WIDTHS[i]
    head[i] = {pandoc.Plain{pandoc.Strong(pandoc.Inlines(h))}}
  end
  local rows = {}
  for _, row in ipairs(signature_rows(el)) do
    local cells = {}
    for i, c in ipairs(row) do cells[i] = {pandoc.Plain(c)} end
    rows[#rows + 1] = cells
  end
  local t = pandoc.utils.from_simple_table(pandoc.SimpleTable({}, aligns, widths, head, rows))
  -- a table style of its own, without borders (scripts/reference_docx.py)
  t.attr = pandoc.Attr('', {}, {['custom-style'] = 'Signature Table'})
  return t
end

function D.Div(el)
  if has(el, 'logo') then
    return pandoc.Para{pandoc.Image(pandoc.Inlines(el.attributes.alt or 'Logo'), el.attributes.src or '', '',
      {height = LOGO_HEIGHT})}
  elseif has(el, 'figure-source') then
    return pandoc.Div(el.content, {['custom-style'] = 'Figure Source'})
  elseif has(el, 'approval') then
    return pandoc.Div(el.content, {['custom-style'] = 'Approval Text'})
  elseif has(el, 'signatures') then
    return signature_table(el)
  elseif has(el, 'endorsement') then
    return pandoc.Div(el.content, {['custom-style'] = 'Endorsement'})
  elseif has(el, 'signature-block') then
    return pandoc.Div(el.content, {['custom-style'] = 'Signature Block'})
  elseif has(el, 'titlepage') then
    local content = el.content:clone()
    if draft_stamp() then content:insert(pandoc.Para(pandoc.Emph(draft_stamp()))) end
    local out = pandoc.Blocks{pandoc.Div(content, {['custom-style'] = 'Title Page'})}
    out:insert(ooxml(PAGE_BREAK))
    return out

  elseif has(el, 'toc') then
    return {list_heading(pandoc.text.upper(words.contents)), field('TOC \\o "1-3" \\h \\z \\u', words.update_field)}
  elseif has(el, 'lof') then
    return {list_heading(pandoc.text.upper(words.list_of_figures)), field('TOC \\h \\z \\t "Image Caption,1"', words.update_field)}
  elseif has(el, 'lot') then
    return {list_heading(pandoc.text.upper(words.list_of_tables)), field('TOC \\h \\z \\t "Table Caption,1"', words.update_field)}
  elseif has(el, 'loa') then
    return {list_heading(pandoc.text.upper(words.list_of_appendices)), field('TOC \\h \\z \\f L', words.update_field)}
  elseif has(el, 'mainmatter') then
    -- End the front-matter section: roman numbers there, arabic from BAB I on
    -- (the final section, taken from the reference document, restarts at 1).
    -- The title page counts as i but shows no number: a first page of its
    -- own (titlePg) with no first-page footer.
    local L = layout
    local footer = L['docx-footer-rid'] and
      ('<w:footerReference w:type="default" r:id="' .. L['docx-footer-rid'] .. '"/>') or ''
    return ooxml(string.format(
      '<w:p><w:pPr><w:sectPr>' .. footer .. '<w:pgSz w:w="11906" w:h="16838"/>' ..
      '<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="709" w:footer="709" w:gutter="0"/>' ..
      '<w:pgNumType w:fmt="lowerRoman" w:start="1"/><w:titlePg/></w:sectPr></w:pPr></w:p>',
      cm_to_twips(L['margin-top']), cm_to_twips(L['margin-right']),
      cm_to_twips(L['margin-bottom']), cm_to_twips(L['margin-left'])))
  end
end

function D.Header(el)
  if el.classes:includes('unlisted') then
    -- in no contents list (DAFTAR PUSTAKA's groups): Word's TOC field
    -- would list a Heading paragraph on its update, so a style of its own
    return pandoc.Div({pandoc.Para(el.content)}, {['custom-style'] = 'Unlisted Heading'})
  end
  local num = el.attributes.number
  -- the drafts' redline writes the number into the text itself and keeps
  -- it here, so that an appendix is still an entry of DAFTAR LAMPIRAN
  local shown = el.attributes['number-shown']
  el.attributes.number = nil
  el.attributes['number-shown'] = nil
  if el.level == 1 then
    local content = pandoc.Inlines{}
    if num then
      content:insert(pandoc.Str(num))
      content:insert(pandoc.LineBreak())
    end
    content:extend(upper_inlines(el.content))
    local label = num or shown
    if label and label:sub(1, #words.appendix) == words.appendix then
      -- an entry of DAFTAR LAMPIRAN (TOC \f L): a TC field, as Word marks
      -- entries that are not in the heading levels' list of their own
      local title = pandoc.text.upper(stringify(el.content)):gsub('%s+', ' ')
      local entry = (num and (num .. ' ' .. title) or title)
        :gsub('&', '&amp;'):gsub('<', '&lt;'):gsub('>', '&gt;'):gsub('"', "''")
      content:insert(pandoc.RawInline('openxml',
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>' ..
        '<w:r><w:instrText xml:space="preserve"> TC "' .. entry .. '" \\f L \\l 1 </w:instrText></w:r>' ..
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    end
    el.content = content
  elseif num then
    local content = pandoc.Inlines{pandoc.Str(num), pandoc.Space()}
    content:extend(el.content)
    el.content = content
  end
  return el
end

local function prefix_caption(caption, text)
  local long = caption.long
  if #long == 0 then long:insert(pandoc.Plain{}) end
  local first = long[1]
  if first.content then
    first.content:insert(1, pandoc.Space())
    first.content:insert(1, pandoc.Str(text))
  end
  return caption
end

function D.Figure(el)
  local num = el.attributes.number
  el.content = el.content:walk { Image = function(img)
    img.src = img.src:gsub('%.svg$', '.png')
    return img
  end }
  if num then
    el.caption = prefix_caption(el.caption, words.figure .. ' ' .. num)
    el.attributes.number = nil
  end
  return el
end

function D.Table(el)
  local num = el.attributes.number
  if num then
    el.caption = prefix_caption(el.caption, words.table .. ' ' .. num)
    el.attributes.number = nil
  end
  return el
end

local function read_meta(meta)
  if meta['thesis-layout'] then
    for k, v in pairs(meta['thesis-layout']) do layout[k] = stringify(v) end
  end
  if meta['docx-footer-rid'] then layout['docx-footer-rid'] = stringify(meta['docx-footer-rid']) end
  for _, k in ipairs({'draft-id', 'draft-commit'}) do
    if meta[k] then layout[k] = stringify(meta[k]) end
  end
  if meta.labels then
    for k in pairs(words) do
      if meta.labels[k] then words[k] = stringify(meta.labels[k]) end
    end
    if meta.labels.signature_head then
      for i, h in ipairs(meta.labels.signature_head) do SIGN_HEAD[i] = stringify(h) end
    end
  end

end

-- Every function here is for a block: walk blocks only (filters/lib/blockwalk.lua).
local function blocks_only(fns)
  return { Pandoc = function(doc)
    doc.blocks = walk_blocks(doc.blocks, fns)
    return doc
  end }
end

if FORMAT:match('typst') then
  return { { Meta = read_meta }, { Pandoc = function(doc)
    doc.blocks = group_floats(doc.blocks)
    return doc
  end }, blocks_only(T) }
elseif FORMAT:match('docx') then
  return { { Meta = read_meta }, blocks_only(D) }
end
return { { Meta = read_meta } }
