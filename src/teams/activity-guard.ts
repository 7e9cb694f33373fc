import { ActivityTypes, type TurnContext } from 'botbuilder';
import { type AuditEventType } from '../domain/audit/audit-event';
import { type AuditLog } from '../ports/audit-log';
import { type Logger } from '../ports/logger';
import { type SeenTeamsUsers } from './seen-teams-users';
import { type TeamsSettings } from './teams-deps';
import { actorOf } from './turn-actor';

/** Loopback hosts, the only ones a plain-http serviceUrl may name (as for TEAMS_SERVICE_URL). */
const LOOPBACK = /^(127(?:\.\d{1,3}){3}|\[::1\]|localhost)$/i;

interface Refusal {
  readonly eventType: AuditEventType;
  readonly reason: string;
}

/**
 * Runs on every inbound activity after Bot Framework authentication and before any route
 * (threat-model T4, T5, T6): it must come from Teams, from an allowed tenant (both tenant fields
 * present and equal), through an allowed Bot Connector host, to this bot. Anything else is
 * audited and dropped; an invoke gets a 403 so Teams does not retry it. Not adapter middleware:
 * Lockdown's own proactive turns (card updates) are not inbound and must not be vetted as such.
 */
export class ActivityGuard {
  constructor(
    private readonly settings: TeamsSettings,
    private readonly audit: AuditLog,
    private readonly seen: SeenTeamsUsers,
    private readonly log: Logger,
  ) {}

  /** True when the activity may be routed; otherwise it has been refused and audited. */
  async admit(context: TurnContext): Promise<boolean> {
    const refusal = this.check(context);
    if (!refusal) {
      const actor = actorOf(context.activity);
      if (actor) this.seen.remember(actor.aadObjectId, actor.teamsUserId);
      this.log.debug('activity admitted', {
        activityType: context.activity.type,
        name: context.activity.name,
        actor: actor?.aadObjectId,
      });
      return true;
    }
    const activity = context.activity;
    this.log.warn('activity refused', {
      reason: refusal.reason,
      activityType: activity.type,
      channelId: activity.channelId,
    });
    await this.audit.append({
      eventType: refusal.eventType,
      actor: {
        aadObjectId: actorOf(activity)?.aadObjectId ?? 'unknown',
        role: 'unknown',
        tenantId: activity.conversation?.tenantId,
      },
      source: {
        channel: 'teams',
        conversationId: activity.conversation?.id,
        activityId: activity.id,
        serviceUrlHost: hostOf(activity.serviceUrl),
      },
      outcome: 'refused',
      reason: refusal.reason,
    });
    if (activity.type === ActivityTypes.Invoke) {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403 } });
    }
    return false;
  }

  private check(context: TurnContext): Refusal | undefined {
    const activity = context.activity;
    if (activity.channelId !== 'msteams')
      return {
        eventType: 'activity_rejected',
        reason: `channel "${activity.channelId ?? ''}" is not msteams`,
      };
    if (!activity.conversation?.id)
      return { eventType: 'activity_rejected', reason: 'no conversation id' };
    const tenant = activity.conversation.tenantId;
    const channelTenant = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant
      ?.id;
    if (!tenant || !channelTenant || tenant.toLowerCase() !== channelTenant.toLowerCase()) {
      return { eventType: 'tenant_rejected', reason: 'the tenant fields are missing or disagree' };
    }
    if (!this.settings.allowedTenantIds.includes(tenant.toLowerCase()))
      return { eventType: 'tenant_rejected', reason: `tenant ${tenant} is not allowed` };
    const host = allowedHostOf(activity.serviceUrl);
    if (!host || !this.settings.allowedServiceUrlHosts.includes(host)) {
      return {
        eventType: 'activity_rejected',
        reason: `serviceUrl host ${host ?? '(none)'} is not allowed`,
      };
    }
    if (!this.settings.anonymous && activity.recipient?.id !== `28:${this.settings.botAppId}`) {
      return {
        eventType: 'activity_rejected',
        reason: 'the activity is not addressed to this bot',
      };
    }
    return undefined;
  }
}

function hostOf(serviceUrl: string | undefined): string | undefined {
  try {
    return serviceUrl ? new URL(serviceUrl).hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The serviceUrl's host, if it may receive the bot's token at all: over https, or plain http to
 * a loopback host (the configuration's rule for TEAMS_SERVICE_URL too).
 */
function allowedHostOf(serviceUrl: string | undefined): string | undefined {
  const host = hostOf(serviceUrl);
  if (!host) return undefined;
  const protocol = new URL(serviceUrl!).protocol;
  return protocol === 'https:' || (protocol === 'http:' && LOOPBACK.test(host)) ? host : undefined;
}
