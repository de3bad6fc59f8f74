"""Losses over Values: mean squared error, hinge (max margin), cross-entropy."""

from engine.value import Value


def mse(preds, targets):
    """Mean of (pred - target)^2."""
    _same_length(preds, targets)
    return sum((p - t) ** 2 for p, t in zip(preds, targets)) * (1.0 / len(preds))


def hinge(scores, labels):
    """Mean of relu(1 - y * score) for labels y in {-1, +1} (micrograd's demo loss)."""
    _same_length(scores, labels)
    return sum((1 + -y * s).relu() for y, s in zip(labels, scores)) * (1.0 / len(scores))


def cross_entropy(logits, target):
    """-log softmax(logits)[target], as log-sum-exp minus the target's logit (no overflow)."""
    if not 0 <= target < len(logits):
        raise IndexError(f"target {target} is out of range for {len(logits)} logits")
    m = max(v.data if isinstance(v, Value) else v for v in logits)
    total = sum((v - m).exp() for v in logits)
    return total.log() + m - logits[target]


def _same_length(a, b):
    if len(a) != len(b):
        raise ValueError(f"got {len(a)} predictions but {len(b)} targets")
    if not a:
        raise ValueError("a loss needs at least one prediction")
