"""Steuntje in de rug — After the first meeting: the trial period with check-ins in weeks 2, 4 and 8, the evaluation, six-monthly reviews, stopping and the planned goodbye."""
