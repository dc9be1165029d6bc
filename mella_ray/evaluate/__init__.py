"""Evaluate stage: base vs tuned model on mix/test, scored per language.

Keyword accuracy on D_know rows; BLEU, chrF, ROUGE-L and METEOR on D_ling rows, with
Unicode-aware tokenisation per language (tokenize.py) and a script guard on references.
`run_evaluate(cfg)` (stage.py) is the entry point; metrics.py and report.py are Ray-free.
"""

from mella_ray.evaluate.metrics import LanguageMismatchError, check_script, keyword_hits, score_language
from mella_ray.evaluate.stage import ModelLoadError, run_evaluate

__all__ = ["LanguageMismatchError", "ModelLoadError", "check_script", "keyword_hits", "run_evaluate", "score_language"]
