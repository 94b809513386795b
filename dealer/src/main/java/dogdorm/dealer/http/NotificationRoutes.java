package dogdorm.dealer.http;

/** What {@link App} needs for the notification routes: the admin API and page, and their guards. */
public record NotificationRoutes(NotificationsApi api, NotificationPages pages, AdminAuth auth, Csrf csrf) {}
