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


def _input(index, field: str, placeholder: str = "", **props) -> rx.Component:
    return rx.input(
        id=f"owner-" + index.to_string() + f"-{field}",
        value=OwnerFormState.owners[index][field],
        placeholder=placeholder,
        on_change=lambda value: OwnerFormState.set_owner_field(index, field, value),
        on_blur=lambda _value: OwnerFormState.check_owner_field(index, field),
        color_scheme=rx.cond(_error(index, field) != "", "red", "gray"),
        width="100%", **props,
    )


def _select(index, field: str, options) -> rx.Component:
    return rx.select(
        list(options), value=OwnerFormState.owners[index][field], width="100%",
        id=f"owner-" + index.to_string() + f"-{field}",
        on_change=lambda value: OwnerFormState.set_owner_field(index, field, value),
    )


def _error(index, field: str):
    return OwnerFormState.errors[index][field].to(str)


def owner_editor(owner, index, *, with_share: bool = True) -> rx.Component:
    fields = [
        _labelled("姓名", _input(index, "name", "与证件一致"), _error(index, "name"), required=True),
        _labelled("手机或固定电话", _input(index, "phone", "如 13812345678 或 010-65597993"), _error(index, "phone"),
                  required=True),
        _labelled("证件类型", _select(index, "id_type", ID_TYPES), ""),
        _labelled("证件号码", _input(index, "id_number", "18 位身份证号"), _error(index, "id_number"), required=True),
        _labelled("邮箱", _input(index, "email", "选填"), _error(index, "email")),
        _labelled("紧急联系人", _input(index, "emergency_contact", "选填"), _error(index, "emergency_contact")),
        _labelled("紧急联系电话", _input(index, "emergency_phone", "选填"), _error(index, "emergency_phone")),
    ]
    if with_share:
        fields += [
            _labelled("产权角色", _select(index, "role", OWNER_ROLES), _error(index, "role")),
            _labelled("份额 %", _input(index, "share", "如 50"), _error(index, "share")),
        ]
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text("业主 ", index + 1, weight="bold"),
                rx.spacer(),
                rx.cond(with_share & (OwnerFormState.owners.length() > 1),
                        rx.button("移除", size="1", variant="ghost", color_scheme="red",
                                  on_click=OwnerFormState.remove_owner(index))),
                width="100%",
            ),
            rx.grid(*fields, columns=rx.breakpoints(initial="1", sm="2", md="3"), spacing="3", width="100%"),
            width="100%",
        ),
        width="100%", class_name="owner-editor",
    )
