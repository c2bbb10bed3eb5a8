/**
 * The server-rendered pages (Thymeleaf templates under {@code templates/}): pipelines, pipeline and
 * run detail, registration and the audit log. Pages call the same engine operations as the REST API.
 */
package io.shardlake.web.ui;
