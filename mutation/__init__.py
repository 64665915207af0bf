"""Mutation testing for the rule-holding modules (`make mutate`); see mutation/run.py."""
