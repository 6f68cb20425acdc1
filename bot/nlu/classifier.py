"""Intent classification by logistic regression over tf-idf weighted features.

Rasa's LogisticRegressionClassifier fits raw counts: long messages and
frequent, uninformative n-grams outweigh the few that carry the topic. Here
the counts of all featurizers get sublinear term frequency, inverse document
frequency and an L2 norm (scikit-learn's TfidfTransformer) before the
regression, whose C is settable. Both were chosen by cross-validation on the
training data alone (bot/evaluation/crossval.py, reports/eval/crossval.json),
not on the held-out set.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfTransformer

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

# Types in the saved classifier beyond skops' defaults: the idf diagonal.
EXPECTED_TYPES = {"scipy.sparse._csr.csr_matrix"}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfLogisticRegressionClassifier(LogisticRegressionClassifier):
    """LogisticRegressionClassifier with tf-idf weighting and a settable C."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # C: inverse regularisation strength of the logistic regression.
        return {**LogisticRegressionClassifier.get_default_config(), "C": 10.0}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage,
                 resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=self.config["C"])
        self.weighting = TfidfTransformer(sublinear_tf=True)

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        return self.weighting.transform(super()._create_X(messages))

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            raise ValueError(f"{self.__class__.__name__} needs intent examples to train on")
        counts = super()._create_X(examples)
        self.clf.fit(self.weighting.fit_transform(counts), [e.get(INTENT) for e in examples])
        self.persist()
        return self._resource

    def persist(self) -> None:
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as model_dir:
            sio.dump({"classifier": self.clf, "weighting": self.weighting},
                     model_dir / f"{self._resource.name}.skops")

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "TfidfLogisticRegressionClassifier":
        """Loads the trained classifier; unlike Rasa's, a model that cannot be
        read is an error, never a silently untrained classifier."""
        import skops.io as sio

        component = cls(config, execution_context.node_name, model_storage, resource)
        with model_storage.read_from(resource) as model_dir:
            path = model_dir / f"{resource.name}.skops"
            untrusted = sio.get_untrusted_types(file=path)
            if set(untrusted) - EXPECTED_TYPES:
                raise ValueError(f"unexpected types in {path.name}: {set(untrusted) - EXPECTED_TYPES}")
            saved = sio.load(path, trusted=untrusted)
        component.clf, component.weighting = saved["classifier"], saved["weighting"]
        return component
