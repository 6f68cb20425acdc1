"""`make load`: the load harness (harness.py) and the scaled-out back ends it
and the scale-out tests run on (backends.py)."""
