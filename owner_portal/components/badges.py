"""Small labels."""

import reflex as rx


def role_badge(role) -> rx.Component:
    return rx.badge(role, color_scheme=rx.cond(role == "主产权人", "blue", "gray"), variant="soft")


def status_badge(status) -> rx.Component:
    return rx.badge(status, color_scheme=rx.match(status, ("已售", "green"), ("未售", "orange"), "gray"))
