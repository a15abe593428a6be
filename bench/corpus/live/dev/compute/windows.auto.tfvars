windows_jump_enabled = true
