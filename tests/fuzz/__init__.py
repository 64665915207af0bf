"""Property-based fuzzing of every form and JSON endpoint of the route table (issue 9, "Make it permanent").

`FUZZ_EXAMPLES=500 .venv/bin/pytest tests/fuzz` for a long local run; see tests/fuzz/conftest.py.
"""
