-- Headless Neovim as an LSP client for the GradLens server (used by test/server/nvim.test.ts).
-- Environment: GRADLENS_NODE (node binary), GRADLENS_SERVER (dist/server.js), GRADLENS_OUT (JSON result file).
-- Starts the server for the .tex buffer, waits for diagnostics, hovers on the first error; then the same for
-- the .ts file named by GRADLENS_TS (attached to the same client); writes it all, quits.
-- As a user's Neovim would: buffers get their filetype, which the client sends as the language id.
vim.cmd('filetype on')
local out = os.getenv('GRADLENS_OUT')
local result = { diagnostics = {}, hover = nil, error = nil, nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) }

local function finish()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

-- Waits for the buffer's diagnostics, records them, and hovers on its first error.
local function collect(buf, into)
  local ok = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  if not ok then return 'no diagnostics within 30 s for ' .. vim.api.nvim_buf_get_name(buf) end
  local first_error = nil
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(into.diagnostics, { lnum = d.lnum, col = d.col, severity = d.severity, message = d.message, source = d.source })
    if d.severity == vim.diagnostic.severity.ERROR and (not first_error or d.lnum < first_error.lnum) then first_error = d end
  end
  if first_error then
    local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = first_error.lnum, character = first_error.col + 2 } }
    local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
    for _, r in pairs(responses or {}) do
      if r.result and r.result.contents then
        local c = r.result.contents
        into.hover = type(c) == 'table' and (c.value or vim.fn.json_encode(c)) or tostring(c)
      elseif r.err then
        return 'hover failed: ' .. vim.inspect(r.err)
      end
    end
  end
  return nil
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  local config = {
    name = 'gradlens',
    cmd = { os.getenv('GRADLENS_NODE') or 'node', os.getenv('GRADLENS_SERVER'), '--stdio' },
    root_dir = vim.fn.getcwd(),
  }
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(config) -- Neovim 0.8+
  else
    client_id = vim.lsp.start_client(config) -- Neovim 0.7
    if client_id then vim.lsp.buf_attach_client(buf, client_id) end
  end
  if not client_id then result.error = 'the client did not start'; return finish() end

  result.error = collect(buf, result)
  if result.error then return finish() end

  -- The same server for a TypeScript file (filetype typescript, sent as the language id).
  local ts_file = os.getenv('GRADLENS_TS')
  if ts_file then
    vim.cmd('edit ' .. vim.fn.fnameescape(ts_file))
    local ts_buf = vim.api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(ts_buf, client_id)
    result.ts = { diagnostics = {}, hover = nil, filetype = vim.bo[ts_buf].filetype }
    result.error = collect(ts_buf, result.ts)
  end

  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
  finish()
end

vim.api.nvim_create_autocmd('VimEnter', {
  -- nested: so that :edit inside it runs filetype detection
  nested = true,
  callback = function()
    local ok, err = pcall(run)
    if not ok then result.error = tostring(err); finish() end
  end,
})
