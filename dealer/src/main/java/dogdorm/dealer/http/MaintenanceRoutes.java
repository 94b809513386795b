package dogdorm.dealer.http;

/** What {@link App} needs for the maintenance routes: the admin page and API, and their guards. */
public record MaintenanceRoutes(MaintenancePages pages, MaintenanceApi api, AdminAuth auth, Csrf csrf) {}
