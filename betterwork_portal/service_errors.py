"""A service's refusal shown on the form that asked for it: the dashboard's
forms and the admin's supplier-list upload. Below the surfaces in
``.importlinter``, so that each can use it."""

from django.core.exceptions import ValidationError


def add_service_errors(form, refused: ValidationError) -> None:
    """Put each of *refused*'s messages beside the form's field it names,
    and the rest (a field the form does not have, or no field at all) above
    the form."""
    if hasattr(refused, "error_dict"):
        for field, errors in refused.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refused.messages)
