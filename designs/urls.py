app_name = "designs"

# Public pages of this app are added here as they are built.
urlpatterns = []
