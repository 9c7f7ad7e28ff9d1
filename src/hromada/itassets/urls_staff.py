"""Staff pages of IT assets at /staff/it/: each concern brings its own patterns into one namespace."""

from hromada.itassets.backups.urls import urlpatterns as backups
from hromada.itassets.equipment.urls import urlpatterns as equipment
from hromada.itassets.network.urls import urlpatterns as network
from hromada.itassets.servicedesk.urls import urlpatterns as servicedesk
from hromada.itassets.software.urls import urlpatterns as software

app_name = "itassets-staff"
urlpatterns = [*equipment, *software, *network, *backups, *servicedesk]
