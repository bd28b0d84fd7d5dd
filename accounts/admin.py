from django.contrib import admin

admin.site.site_header = "Reelfake administration"
admin.site.site_title = "Reelfake admin"
admin.site.index_title = "Store management"
