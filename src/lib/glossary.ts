/**
 * The glossary's terms: the anchors lessons link to (`/glossaire/#quorum`, same ids in both languages,
 * fixed in docs/ARCHITECTURE.md) and their sources. Term names and definitions are UI strings in
 * src/i18n (`glossary.<id>.term`, `glossary.<id>.def`), so islands can reuse them (e.g. in a tooltip).
 */
export type SourceId =
  | 'raft' | 'thesis' | 'etcdFaq' | 'etcdApi' | 'etcdDataModel' | 'etcdTuning' | 'etcdLearner' | 'etcdReconfig' | 'etcdFailures';

export const sources: Record<SourceId, string> = {
  raft: 'https://raft.github.io/raft.pdf',
  thesis: 'https://github.com/ongardie/dissertation',
  etcdFaq: 'https://etcd.io/docs/v3.4/faq/',
  etcdApi: 'https://etcd.io/docs/v3.4/learning/api_guarantees/',
  etcdDataModel: 'https://etcd.io/docs/v3.4/learning/data_model/',
  etcdTuning: 'https://etcd.io/docs/v3.4/tuning/',
  etcdLearner: 'https://etcd.io/docs/v3.4/learning/design-learner/',
  etcdReconfig: 'https://etcd.io/docs/v3.4/op-guide/runtime-configuration/',
  etcdFailures: 'https://etcd.io/docs/v3.4/op-guide/failures/',
};

/** A source reference: which document, and where in it (section numbers are not translated). */
export type Ref = [SourceId, string?];

export const terms: { id: string; refs: Ref[] }[] = [
  { id: 'quorum', refs: [['raft', '§5.2, §5.3'], ['etcdFaq']] },
  { id: 'majority', refs: [['raft', '§5.2, §5.4'], ['etcdFaq']] },
  { id: 'leader', refs: [['raft', '§5.1, §5.2']] },
  { id: 'follower', refs: [['raft', '§5.1']] },
  { id: 'candidate', refs: [['raft', '§5.2']] },
  { id: 'term', refs: [['raft', '§5.1']] },
  { id: 'log', refs: [['raft', '§5.3']] },
  { id: 'commit', refs: [['raft', '§5.3, §5.4']] },
  { id: 'heartbeat', refs: [['raft', '§5.2'], ['etcdTuning']] },
  { id: 'election-timeout', refs: [['raft', '§5.2, §9.3'], ['etcdTuning']] },
  { id: 'learner', refs: [['etcdLearner'], ['thesis', '§4.2.1']] },
  { id: 'partition', refs: [['raft', '§5'], ['etcdFailures']] },
  { id: 'split-vote', refs: [['raft', '§5.2']] },
  { id: 'prevote', refs: [['thesis', '§9.6']] },
  { id: 'checkquorum', refs: [['thesis', '§6.2']] },
  { id: 'readindex', refs: [['thesis', '§6.4'], ['raft', '§8']] },
  { id: 'linearizable-read', refs: [['etcdApi'], ['raft', '§8']] },
  { id: 'serializable-read', refs: [['etcdApi']] },
  { id: 'revision', refs: [['etcdDataModel']] },
  { id: 'snapshot', refs: [['raft', '§7']] },
  { id: 'membership-change', refs: [['raft', '§6'], ['thesis', '§4'], ['etcdReconfig']] },
  { id: 'high-availability', refs: [['etcdFaq']] },
];
