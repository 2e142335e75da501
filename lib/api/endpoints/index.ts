// Every /api/v1 endpoint, for the OpenAPI document. A test checks that each route file under
// app/api/v1 serves one of these and that each of these is served.
import "server-only";
import type { Endpoint } from "../endpoint";
import { getCaseEndpoint, listCasesEndpoint, moveMessageEndpoint, patchCaseEndpoint, replyEndpoint, retryMessageEndpoint } from "./cases";
import { exportAuditEndpoint, listAuditEndpoint } from "./audit";
import { createCannedReplyEndpoint, deleteCannedReplyEndpoint, listCannedRepliesEndpoint, patchCannedReplyEndpoint } from "./canned-replies";
import { getMediaEndpoint, retryMediaEndpoint } from "./media";
import { emailStatusEndpoint } from "./email-status";
import { meEndpoint, patchMeEndpoint } from "./me";
import { createTemplateEndpoint, deleteTemplateEndpoint, listTemplatesEndpoint, patchTemplateEndpoint } from "./templates";
import { addNoteEndpoint } from "./notes";
import { exportCasesEndpoint, exportMessagesEndpoint } from "./exports";
import { listNumberLinksEndpoint, patchNumberLinkEndpoint } from "./number-links";
import { listNotificationsEndpoint, readAllNotificationsEndpoint, readNotificationEndpoint } from "./notifications";
import { listOptOutsEndpoint } from "./opt-outs";
import { erasePersonEndpoint, exportPersonEndpoint, getPersonEndpoint } from "./people";
import { getReportEndpoint } from "./reports";
import { getSurveyEndpoint, listSurveysEndpoint, listSurveyUsersEndpoint, patchSurveyEndpoint } from "./surveys";
import { createTokenEndpoint, listTokensEndpoint, revokeTokenEndpoint } from "./tokens";
import { uploadEndpoint } from "./uploads";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listDeliveriesEndpoint,
  listWebhooksEndpoint,
  patchWebhookEndpoint,
  resendDeliveryEndpoint,
} from "./webhooks";

export const allEndpoints: Endpoint[] = [
  meEndpoint,
  patchMeEndpoint,
  emailStatusEndpoint,
  listTokensEndpoint,
  createTokenEndpoint,
  revokeTokenEndpoint,
  listCasesEndpoint,
  getCaseEndpoint,
  patchCaseEndpoint,
  replyEndpoint,
  uploadEndpoint,
  addNoteEndpoint,
  moveMessageEndpoint,
  retryMessageEndpoint,
  retryMediaEndpoint,
  getMediaEndpoint,
  listSurveysEndpoint,
  getSurveyEndpoint,
  patchSurveyEndpoint,
  listCannedRepliesEndpoint,
  createCannedReplyEndpoint,
  patchCannedReplyEndpoint,
  deleteCannedReplyEndpoint,
  listTemplatesEndpoint,
  createTemplateEndpoint,
  patchTemplateEndpoint,
  deleteTemplateEndpoint,
  listSurveyUsersEndpoint,
  listWebhooksEndpoint,
  createWebhookEndpoint,
  patchWebhookEndpoint,
  deleteWebhookEndpoint,
  listDeliveriesEndpoint,
  resendDeliveryEndpoint,
  listAuditEndpoint,
  exportAuditEndpoint,
  getPersonEndpoint,
  exportPersonEndpoint,
  erasePersonEndpoint,
  listOptOutsEndpoint,
  getReportEndpoint,
  listNotificationsEndpoint,
  readNotificationEndpoint,
  readAllNotificationsEndpoint,
  listNumberLinksEndpoint,
  patchNumberLinkEndpoint,
  exportCasesEndpoint,
  exportMessagesEndpoint,
];
