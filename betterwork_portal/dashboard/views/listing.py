"""What the dashboard's lists share."""

PER_PAGE = 25


def ignored_filters(filterset) -> list[str]:
    """Return the labels of the filters whose values were not understood."""
    return [str(filterset.form.fields[name].label) for name in filterset.errors]
