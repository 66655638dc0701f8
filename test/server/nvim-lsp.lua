-- Headless Neovim as an LSP client for the GradLens server (used by test/server/nvim.test.ts).
-- Environment: GRADLENS_NODE (node binary), GRADLENS_SERVER (dist/server.js), GRADLENS_OUT (JSON result file).
-- Starts the server for the .tex buffer, waits for diagnostics, hovers on the first error, writes both, quits.
local out = os.getenv('GRADLENS_OUT')
local result = { diagnostics = {}, hover = nil, error = nil, nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) }

local function finish()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
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

  local ok = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  if not ok then result.error = 'no diagnostics within 30 s'; return finish() end
  local first_error = nil
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, severity = d.severity, message = d.message, source = d.source })
    if d.severity == vim.diagnostic.severity.ERROR and not first_error then first_error = d end
  end
  if first_error then
    local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = first_error.lnum, character = first_error.col + 2 } }
    local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
    for _, r in pairs(responses or {}) do
      if r.result and r.result.contents then
        local c = r.result.contents
        result.hover = type(c) == 'table' and (c.value or vim.fn.json_encode(c)) or tostring(c)
      elseif r.err then
        result.error = 'hover failed: ' .. vim.inspect(r.err)
      end
    end
  end
  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
  finish()
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local ok, err = pcall(run)
    if not ok then result.error = tostring(err); finish() end
  end,
})
