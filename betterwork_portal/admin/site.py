"""The admin site's name, as staff see it in every page's header."""

from django.contrib import admin

admin.site.site_header = "Better Work Buyer Relations"
admin.site.site_title = "Better Work Buyer Relations"
admin.site.index_title = "Buyers, factories and partnerships"
