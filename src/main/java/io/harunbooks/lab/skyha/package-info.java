/** The lab's skyha pair (seed 004): Pacemaker + DRBD hot standby with PostgreSQL, Redis and beanstalkd in docker. */
package io.harunbooks.lab.skyha;
