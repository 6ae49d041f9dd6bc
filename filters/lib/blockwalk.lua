--[[
blockwalk: apply block functions (Div, Header, Figure, Table, ...) through
the block containers of a document without walking its inlines.

pandoc's own walk visits every inline of the thesis even for a filter with
only block functions; at 17x the text (95,000 words) that costs 0.25-0.35 s
per filter, while a Pandoc function that looks only at blocks costs nothing
measurable (pandoc marshals elements lazily). Filters that need no inline
element use this instead of global element functions.

  local walk = dofile(PANDOC_SCRIPT_FILE:gsub('[^/\\]*$', '') .. '../lib/blockwalk.lua')
  doc.blocks = walk(doc.blocks, {Figure = f}, {topdown = false})

Semantics follow pandoc's walk: bottom-up by default (children first); a
function returns nil (keep), an element, or a list of blocks (spliced in).
With topdown = true a function sees an element before its children.
Visited containers: Div, BlockQuote, Figure, BulletList, OrderedList,
DefinitionList items. Not visited: blocks inside table cells and inside
footnotes (inlines), where the thesis puts no headings, figures or tables.
]]

local walk

local function descend(b, fns, opts)
  local t = b.t
  if t == 'Div' or t == 'BlockQuote' or t == 'Figure' then
    b.content = walk(b.content, fns, opts)
  elseif t == 'BulletList' or t == 'OrderedList' then
    local items = {}
    for i, item in ipairs(b.content) do items[i] = walk(item, fns, opts) end
    b.content = items
  elseif t == 'DefinitionList' then
    local items = {}
    for i, item in ipairs(b.content) do
      local defs = {}
      for j, d in ipairs(item[2]) do defs[j] = walk(d, fns, opts) end
      items[i] = {item[1], defs}
    end
    b.content = items
  end
  return b
end

local function apply(f, b, out)
  local r = f(b)
  if r == nil then
    out:insert(b)
  elseif r.t then
    out:insert(r)
  else
    out:extend(r)
  end
end

walk = function(blocks, fns, opts)
  local topdown = opts and opts.topdown
  local out = pandoc.Blocks{}
  for _, b in ipairs(blocks) do
    local f = fns[b.t]
    if topdown then
      local kept = pandoc.Blocks{}
      if f then apply(f, b, kept) else kept:insert(b) end
      for _, k in ipairs(kept) do out:insert(descend(k, fns, opts)) end
    else
      b = descend(b, fns, opts)
      if f then apply(f, b, out) else out:insert(b) end
    end
  end
  return out
end

return walk
