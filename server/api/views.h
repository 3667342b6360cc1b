/* The API's replies built by PostgreSQL: named views the api owns (views.c). */
#ifndef LA_API_VIEWS_H
#define LA_API_VIEWS_H

/* The statements that (re)create every view; store/migrate.c runs them at start. */
extern const char api_views_sql[];

#endif
