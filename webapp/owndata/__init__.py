"""A person's own data: export (JSON and a page to print), correction and erasure requests, deleting an account,
and the retention jobs the worker runs."""
