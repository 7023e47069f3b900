"""Forms of the public signup, re-exported here."""

from betterwork_portal.public.forms.factories import ListedFactoryForm, ListedFactoryFormSet
from betterwork_portal.public.forms.signup import CHECK_AGAIN, FORM_EXPIRED, SignupForm

__all__ = ["CHECK_AGAIN", "FORM_EXPIRED", "ListedFactoryForm", "ListedFactoryFormSet", "SignupForm"]
