"""`make load`: simulated people (locust, headless) against OnsPlan as it is deployed; see bench/load/run.py."""
