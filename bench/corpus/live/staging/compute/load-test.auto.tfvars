# Load-test week (PLAT-2291): bigger web servers, revert afterwards.
web_type   = "dev1-m"
web_count  = 3
extra_tags = ["load-test"]
