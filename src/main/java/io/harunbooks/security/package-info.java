/** Security: log-in for REST and API, the production admin-password guard, lab users. */
package io.harunbooks.security;
