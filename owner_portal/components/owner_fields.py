"""The editor for one or more owners: each field shows its own message beside it."""

import reflex as rx

from owner_portal.models.ownership import OWNER_ROLES
from owner_portal.services.identity import ID_TYPES
from owner_portal.state.owner_form import OwnerFormState


def _labelled(label: str, control: rx.Component, error, *, required: bool = False) -> rx.Component:
    return rx.vstack(
        rx.text(label, rx.cond(required, rx.text.span(" *", color="var(--red-9)")), size="2", weight="medium"),
        control,
        rx.cond(error != "", rx.text(error, size="1", color_scheme="red", class_name="field-error")),
        spacing="1", width="100%",
    )


def _input(state: type[OwnerFormState], index, field: str, placeholder="", **props) -> rx.Component:
    # Events go to the page's own state class, so its overrides (e.g. blanks kept in a correction) apply.
    return rx.input(
        id="owner-" + index.to_string() + f"-{field}",
        value=state.owners[index][field],
        placeholder=placeholder,
        on_change=lambda value: state.set_owner_field(index, field, value),
        on_blur=lambda _value: state.check_owner_field(index, field),
        color_scheme=rx.cond(_error(state, index, field) != "", "red", "gray"),
        width="100%", **props,
    )


def _select(state: type[OwnerFormState], index, field: str, options) -> rx.Component:
    return rx.select(
        list(options), value=state.owners[index][field], width="100%",
        id="owner-" + index.to_string() + f"-{field}",
        on_change=lambda value: state.set_owner_field(index, field, value),
    )


def _error(state: type[OwnerFormState], index, field: str):
    return state.errors[index][field].to(str)


def owner_editor(state: type[OwnerFormState], index, *, with_share: bool = True,
                 hints: dict | None = None) -> rx.Component:
    """hints: placeholders per field (a correction shows the masked current phone and ID there)."""
    hints = hints or {}

    def field(label, name, placeholder="", *, required=False):
        return _labelled(label, _input(state, index, name, hints.get(name, placeholder)),
                         _error(state, index, name), required=required)

    fields = [
        field("姓名", "name", "与证件一致", required=True),
        field("手机或固定电话", "phone", "如 13812345678 或 010-65597993", required=not hints),
        _labelled("证件类型", _select(state, index, "id_type", ID_TYPES), ""),
        field("证件号码", "id_number", "18 位身份证号", required=not hints),
        field("邮箱", "email", "选填"),
        field("紧急联系人", "emergency_contact", "选填"),
        field("紧急联系电话", "emergency_phone", "选填"),
    ]
    if with_share:
        fields += [
            _labelled("产权角色", _select(state, index, "role", OWNER_ROLES), _error(state, index, "role")),
            field("份额 %", "share", "如 50"),
        ]
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(rx.cond(with_share, "业主 " + (index + 1).to_string(), "业主信息"), weight="bold"),
                rx.spacer(),
                rx.cond(with_share & (state.owners.length() > 1),
                        rx.button("移除", size="1", variant="ghost", color_scheme="red",
                                  on_click=state.remove_owner(index))),
                width="100%",
            ),
            rx.grid(*fields, columns=rx.breakpoints(initial="1", sm="2", md="3"), spacing="3", width="100%"),
            width="100%",
        ),
        width="100%", class_name="owner-editor",
    )
