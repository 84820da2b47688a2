"""Learned decisions over the rule candidates: features, linear models stored as JSON, training and the stage."""
