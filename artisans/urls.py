app_name = "artisans"

# Public pages of this app are added here as they are built.
urlpatterns = []
