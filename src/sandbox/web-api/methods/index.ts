import type { MethodSpec } from '../method.js';
import { appsConnectionsOpen } from './apps-connections-open.js';
import { authTest } from './auth-test.js';
import { chatDelete } from './chat-delete.js';
import { chatGetPermalink } from './chat-get-permalink.js';
import { chatPostEphemeral } from './chat-post-ephemeral.js';
import { chatPostMessage } from './chat-post-message.js';
import { chatUpdate } from './chat-update.js';
import { conversationsHistory, conversationsReplies } from './conversations-history.js';
import { conversationsInfo } from './conversations-info.js';
import { conversationsOpen } from './conversations-open.js';
import { reactionsAdd } from './reactions-add.js';
import { usergroupsList, usergroupsUsersList } from './usergroups.js';
import { usersInfo } from './users-info.js';
import { usersLookupByEmail } from './users-lookup-by-email.js';
import { viewsOpen } from './views-open.js';
import { viewsPublish } from './views-publish.js';
import { viewsPush } from './views-push.js';
import { viewsUpdate } from './views-update.js';

/** Every Web API method the sandbox emulates; anything else answers unknown_method. */
export const METHODS: Readonly<Record<string, MethodSpec>> = {
  'auth.test': authTest,
  'apps.connections.open': appsConnectionsOpen,
  'chat.postMessage': chatPostMessage,
  'chat.update': chatUpdate,
  'chat.postEphemeral': chatPostEphemeral,
  'chat.delete': chatDelete,
  'chat.getPermalink': chatGetPermalink,
  'views.open': viewsOpen,
  'views.update': viewsUpdate,
  'views.push': viewsPush,
  'views.publish': viewsPublish,
  'users.info': usersInfo,
  'usergroups.list': usergroupsList,
  'usergroups.users.list': usergroupsUsersList,
  'users.lookupByEmail': usersLookupByEmail,
  'conversations.info': conversationsInfo,
  'conversations.open': conversationsOpen,
  'conversations.history': conversationsHistory,
  'conversations.replies': conversationsReplies,
  'reactions.add': reactionsAdd,
};
