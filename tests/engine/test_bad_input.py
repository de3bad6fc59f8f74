"""Bad input gives a clear Python error naming the op, never a silent NaN.

If this breaks, a learner's typo turns into a NaN on screen with no hint why.
"""

import math

import pytest

from engine import Value


@pytest.mark.parametrize("data", ["a", b"1", None, 1j, [1.0]])
def test_value_of_a_non_number_is_a_type_error(data):
    with pytest.raises(TypeError, match="real number"):
        Value(data)


def test_value_of_a_value_says_what_to_do():
    with pytest.raises(TypeError, match="use the Value itself"):
        Value(Value(1.0))


@pytest.mark.parametrize("x", [0.0, -1.0])
def test_log_of_non_positive_names_log(x):
    with pytest.raises(ValueError, match=r"log\("):
        Value(x).log()


def test_division_by_zero_says_division_by_zero():
    with pytest.raises(ZeroDivisionError, match=r"division by zero: 0 \*\* -1"):
        Value(0) ** -1
    with pytest.raises(ZeroDivisionError, match="division by zero"):
        1 / Value(0.0)
    with pytest.raises(ZeroDivisionError, match=r"division by zero: 2.0 / 0"):
        Value(2.0) / 0  # a plain 0: micrograd would fail inside 0**-1


def test_negative_to_fractional_power_is_not_real():
    with pytest.raises(ValueError, match="not a real number"):
        Value(-8.0) ** (1 / 3)
    with pytest.raises(ValueError, match="not a real number"):
        Value(-8.0) ** Value(0.5)


def test_exp_overflow_is_reported():
    with pytest.raises(OverflowError, match=r"exp\(1000"):
        Value(1000.0).exp()


def test_exponent_must_be_a_number():
    with pytest.raises(TypeError, match="exponent"):
        Value(2.0) ** "2"


def test_vpow_exponent_grad_is_nan_for_negative_base_as_the_math_is():
    a, b = Value(-2.0), Value(2.0)
    (a**b).backward()
    assert a.grad == -4.0 and math.isnan(b.grad)


def test_numpy_scalars_are_accepted():
    np = pytest.importorskip("numpy")
    assert (Value(np.float64(1.5)) * Value(np.int64(2))).data == 3.0


def test_unknown_op_built_by_hand_fails_on_backward_with_its_name():
    a = Value(1.0)
    out = Value(2.0, (a,), "mystery")
    with pytest.raises(NotImplementedError, match="mystery"):
        out.backward()


def test_hand_built_values_keep_any_children_and_backward_says_what_is_wrong():
    """micrograd-style Value(d, children, op): kept as given (drawn), refused by backward with a sentence."""
    from engine import trace

    a, b, c = Value(1.0), Value(2.0), Value(3.0)
    three = Value(6.0, (a, b, c), "+")
    assert three._prev == (a, b, c) and len(trace(three).edges) == 3
    with pytest.raises(TypeError, match=r"op '\+' was given 3 children; its backward rule takes 2"):
        (three * 2).backward()
    odd = Value(1.0, ("x", 0), "?")
    assert odd._prev == ("x", 0)
    with pytest.raises(TypeError, match=r"children must be Values; one built by hand has \(str, int\)"):
        (odd * 2).backward()
