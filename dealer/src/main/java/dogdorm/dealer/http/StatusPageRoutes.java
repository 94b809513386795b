package dogdorm.dealer.http;

/**
 * What {@link App} needs for the status pages, badges and incidents: the public pages, the admin API that defines
 * status pages and its guards, and the page and JSON of every incident.
 */
public record StatusPageRoutes(PublicStatus pages, StatusPagesApi api, Incidents incidents, AdminAuth auth,
                               Csrf csrf) {}
