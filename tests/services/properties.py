"""Hypothesis strategies for the value rules, and the property they all share: any text is either refused
with InvalidValue (nothing else) or normalised for good."""

from hypothesis import strategies as st

from owner_portal.models.ownership import CO_OWNER, PRIMARY, WHOLE
from owner_portal.services.errors import InvalidValue
from owner_portal.services.identity import ID_CARD
from owner_portal.services.owners import OwnerDetails
from tests.factories import valid_id

# Zero-width and direction marks, BOM, NBSP, ideographic space: what pasted text carries unseen.
INVISIBLE_MARKS = [chr(c) for c in (*range(0x200B, 0x2010), *range(0x202A, 0x202F), 0xFEFF, 0x00AD, 0x2060)]
SPACES = [" ", "\u3000", "\u00a0", "\t"]
FULL_WIDTH_DIGITS = [chr(0xFF10 + d) for d in range(10)]
ARABIC_INDIC_DIGITS = [chr(0x0660 + d) for d in range(10)]  # digits to regexes, but NFKC keeps them

_SHEET_CHARS = "0123456789xX+-()./#年月日转栋号楼幢座单元室第一二两三十AB张三范晨·"
sheet_text = st.text(alphabet=list(_SHEET_CHARS) + INVISIBLE_MARKS + SPACES + FULL_WIDTH_DIGITS
                     + ARABIC_INDIC_DIGITS, max_size=30)

# Arbitrary text (any code point, surrogates aside) or text made of the characters that matter.
any_text = st.one_of(st.text(max_size=40), sheet_text)


def settles(rule, value, render=lambda result: result):
    """The rule's result for value, checked to come back unchanged when its rendering is read again;
    None when the rule refuses the value with InvalidValue. Any other exception fails the test."""
    try:
        result = rule(value)
    except InvalidValue:
        return None
    assert rule(render(result)) == result
    return result


def outcome(rule, *args, **kwargs):
    """What a rule gives for these arguments: its result, or the field and message it refuses them with."""
    try:
        return "value", rule(*args, **kwargs)
    except InvalidValue as exc:
        return "refused", exc.field, exc.message


# Owners of one or two ID numbers, in roles and shares right or wrong: for the owner-set rules.
TWO_IDS = [valid_id(), valid_id()]
any_owner = st.builds(OwnerDetails, name=st.just("张三"), phone=st.just("13812345678"), id_type=st.just(ID_CARD),
                      id_number=st.sampled_from(TWO_IDS), role=st.sampled_from([PRIMARY, CO_OWNER, "业主"]),
                      share_bp=st.sampled_from([WHOLE, 5000, 0, WHOLE + 1]))
