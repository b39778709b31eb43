"""The decomposed path for models that score options but write long JSON badly (the embedded engine).

Code finds the article's candidate incident mentions (``mentions``), asks small multiple-choice questions
about each (``questions``; the options are spans of the article), and assembles the answers into drafts that
the usual pipeline grounds and normalizes (``assemble``). The options for places come from ``locations``; those
for actors from ``actors``, which combines the rules by question: ``claims`` (claimed_by, attributed_to),
``subjects`` (perpetrator) and ``targets`` (target), over the phrase reading of ``phrases``. The question data,
with the words those rules read, is ``prompts/questions.json`` (``question_file``). Core layer: no engine or
SDK is imported here; an engine is passed in as a ``Chooser`` (``extractor.choice``, re-exported here).
"""

from ..choice import Choice, Chooser
from .assemble import Decomposed, extract_decomposed
from .questions import QuestionSet, load_questions

__all__ = ["Choice", "Chooser", "Decomposed", "QuestionSet", "extract_decomposed", "load_questions"]
