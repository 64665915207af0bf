"""Mutation testing for the rule-holding modules (`make mutate`); see bench/mutation/run.py."""
