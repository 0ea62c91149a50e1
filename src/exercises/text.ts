// The words of every exercise, in French (first) and English. Resolved at build time by Exercise.astro and
// passed to the island as props, so the island bundles only the logic (catalog.ts).
import type { Bilingual, ExerciseId, ExerciseText } from './types';

/**
 * French typography, applied to every French string: a narrow no-break space before ; ! ? and a no-break
 * space before : and inside « guillemets », and the typographic apostrophe. Authors type plain spaces.
 */
export function frenchTypography(s: string): string {
  return s
    .replace(/'/g, '\u2019')
    .replace(/« +/g, '«\u00a0')
    .replace(/ +»/g, '\u00a0»')
    .replace(/ +([;!?])/g, '\u202f$1')
    .replace(/ +:/g, '\u00a0:');
}

function b(fr: string, en: string): Bilingual {
  return { fr: frenchTypography(fr), en };
}

export const TEXTS: Record<ExerciseId, ExerciseText> = {
  'ha-one-crash': {
    goal: b(
      "Arrêtez un nœud du cluster, puis montrez qu'une écriture réussit quand même.",
      'Crash one node of the cluster, then show that a write still succeeds.',
    ),
    hints: [
      b(
        "Arrêter un nœud simule une panne : il n'envoie et ne reçoit plus rien.",
        'Crashing a node simulates a failure: it no longer sends or receives anything.',
      ),
      b(
        'Pendant que ce nœud est arrêté, envoyez une écriture (put) avec le client.',
        'While that node is down, send a write (put) from the client.',
      ),
      b(
        "Arrêtez un follower, puis écrivez : les deux nœuds restants forment encore une majorité (2 sur 3).",
        'Crash a follower, then write: the two remaining nodes are still a majority (2 of 3).',
      ),
    ],
    success: b(
      "L'écriture a été validée alors qu'un nœud était en panne : le leader n'a besoin que de l'accord d'une majorité (2 nœuds sur 3) pour valider une entrée. C'est toute l'idée de la haute disponibilité : une panne n'interrompt pas le service.",
      'The write was committed while a node was down: the leader only needs a majority (2 of 3 nodes) to commit an entry. That is the whole point of high availability: one failure does not interrupt the service.',
    ),
    steps: [b('Arrêter un follower.', 'Crash a follower.'), b('Écrire panier = « 3 articles ».', 'Write panier = “3 articles”.')],
  },
  'lose-quorum': {
    goal: b(
      "Faites perdre son quorum au cluster : arrêtez des nœuds jusqu'à ce qu'une écriture ne puisse plus aboutir.",
      'Make the cluster lose its quorum: crash nodes until a write can no longer succeed.',
    ),
    hints: [
      b(
        'Avec 3 nœuds, le quorum est de 2 : combien de nœuds doivent rester en marche pour valider une écriture ?',
        'With 3 nodes the quorum is 2: how many nodes must stay up for a write to be committed?',
      ),
      b(
        "Une seule panne ne suffit pas. Arrêtez un deuxième nœud, puis tentez une écriture.",
        'One failure is not enough. Crash a second node, then try a write.',
      ),
      b(
        "Après deux pannes, envoyez un put et attendez : faute de majorité, la requête échoue ou expire (au bout de 5 s).",
        'After two crashes, send a put and wait: with no majority, the request fails or times out (after 5 s).',
      ),
    ],
    success: b(
      "Voilà un cluster sans quorum : le nœud restant ne peut plus réunir de majorité, ni pour valider une écriture ni pour élire un leader. Il ne répond pas faux : il ne répond pas du tout. etcd préfère l'indisponibilité à l'incohérence.",
      'There you have a cluster without quorum: the remaining node can no longer gather a majority, neither to commit a write nor to elect a leader. It does not answer wrongly: it does not answer at all. etcd prefers being unavailable to being inconsistent.',
    ),
    steps: [
      b('Arrêter un follower.', 'Crash a follower.'),
      b('Arrêter le second follower.', 'Crash the other follower.'),
      b("Tenter d'écrire panier = « 4 articles » : la requête reste sans réponse.", 'Try to write panier = “4 articles”: the request gets no answer.'),
    ],
  },
  'provoke-election': {
    goal: b("Provoquez l'élection d'un nouveau leader.", 'Provoke the election of a new leader.'),
    hints: [
      b(
        "Un follower lance une élection quand il n'a plus de nouvelles du leader pendant tout un délai d'élection.",
        'A follower starts an election when it has not heard from the leader for a whole election timeout.',
      ),
      b(
        "Que deviennent les battements de cœur si le leader s'arrête, ou s'il est isolé ?",
        'What happens to the heartbeats if the leader crashes, or is isolated?',
      ),
      b(
        'Arrêtez le leader, puis observez : un follower devient candidat, demande des votes et devient leader dans un mandat plus élevé.',
        'Crash the leader, then watch: a follower becomes a candidate, asks for votes and becomes leader in a higher term.',
      ),
    ],
    success: b(
      "Un nouveau leader a été élu, dans un mandat (term) plus élevé. Privés de battements de cœur, les followers ont attendu leur délai d'élection, tiré au hasard pour qu'ils ne se présentent pas tous en même temps ; le premier à expirer a obtenu la majorité des votes.",
      'A new leader was elected, in a higher term. Without heartbeats, the followers waited for their election timeout, drawn at random so that they do not all stand at once; the first to time out won a majority of the votes.',
    ),
    steps: [b('Arrêter le leader.', 'Crash the leader.')],
  },
  'follower-catch-up': {
    goal: b(
      'Écrivez pendant qu\'un follower est arrêté, puis redémarrez-le et regardez-le rattraper son retard.',
      'Write while a follower is down, then restart it and watch it catch up.',
    ),
    hints: [
      b('Commencez par arrêter un follower (pas le leader).', 'Start by crashing a follower (not the leader).'),
      b(
        'Pendant la panne, faites une ou deux écritures : les deux autres nœuds les valident.',
        'During the outage, make one or two writes: the two other nodes commit them.',
      ),
      b(
        "Redémarrez le follower et comparez les journaux : le leader lui renvoie les entrées manquantes jusqu'à ce que son index de validation rejoigne le sien.",
        "Restart the follower and compare the logs: the leader sends it the missing entries until its commit index reaches the leader's.",
      ),
    ],
    success: b(
      "Le follower a rattrapé son retard. À son redémarrage, il a retrouvé son journal persistant ; le leader a vu qu'il lui manquait des entrées (AppendEntries refusé), est revenu au dernier point commun, puis lui a renvoyé la suite. Aucune écriture validée n'est perdue.",
      'The follower caught up. When it restarted it found its persisted log; the leader saw that it was missing entries (a rejected AppendEntries), went back to their last common point, then sent it everything after it. No committed write is lost.',
    ),
    steps: [
      b('Arrêter un follower.', 'Crash a follower.'),
      b('Écrire x = 1.', 'Write x = 1.'),
      b('Écrire y = 2.', 'Write y = 2.'),
      b('Redémarrer le follower.', 'Restart the follower.'),
    ],
  },
  'prevote-off-disruption': {
    goal: b(
      'Désactivez PreVote, isolez un follower un moment puis reconnectez-le pour le voir détrôner un leader en bonne santé ; réactivez ensuite PreVote et constatez que cela ne se reproduit plus.',
      'Switch PreVote off, isolate a follower for a while, then reconnect it and watch it depose a healthy leader; then switch PreVote back on and see that it no longer happens.',
    ),
    hints: [
      b(
        'La case PreVote se trouve dans les « Options de Raft » du cluster : décochez-la d\'abord.',
        'The PreVote box is in the cluster\'s “Raft options”: untick it first.',
      ),
      b(
        'Isolez un follower plusieurs secondes : seul, il lance élection sur élection et son mandat grimpe. Puis reconnectez-le et regardez le leader.',
        'Isolate a follower for several seconds: alone, it starts election after election and its term climbs. Then reconnect it and watch the leader.',
      ),
      b(
        "Réactivez PreVote, isolez de nouveau un follower au moins 2 s (deux délais d'élection), reconnectez-le, et attendez 3 s : le leader doit rester en place.",
        'Switch PreVote back on, isolate a follower again for at least 2 s (two election timeouts), reconnect it, and wait 3 s: the leader must stay in place.',
      ),
    ],
    success: b(
      "Sans PreVote, le follower isolé a augmenté son mandat à chaque élection ratée ; à son retour, ce mandat plus élevé a forcé le leader, pourtant en bonne santé, à se retirer, et le cluster a réélu un leader pour rien. Avec PreVote, un nœud demande d'abord s'il pourrait gagner, sans changer de mandat : isolé, il n'obtient aucune réponse favorable, son mandat ne bouge pas, et son retour passe inaperçu. Dans etcd 3.4, PreVote est désactivé par défaut (option --pre-vote à false) ; il est activé par défaut depuis etcd 3.5.",
      "Without PreVote, the isolated follower raised its term at every failed election; when it came back, that higher term forced the perfectly healthy leader to step down, and the cluster elected a leader again for nothing. With PreVote, a node first asks whether it could win, without changing its term: isolated, it gets no favourable answer, its term stays put, and its return goes unnoticed. In etcd 3.4, PreVote is off by default (--pre-vote 'false'); it has been on by default since etcd 3.5.",
    ),
    steps: [
      b('Désactiver PreVote.', 'Switch PreVote off.'),
      b('Isoler un follower.', 'Isolate a follower.'),
      b(
        'Réparer le réseau 6 s plus tard : le follower revient avec un mandat plus élevé et détrône le leader.',
        'Heal the network 6 s later: the follower comes back with a higher term and deposes the leader.',
      ),
      b('Réactiver PreVote.', 'Switch PreVote back on.'),
      b('Isoler de nouveau un follower.', 'Isolate a follower again.'),
      b('Réparer le réseau 6 s plus tard : le leader reste en place.', 'Heal the network 6 s later: the leader stays in place.'),
    ],
  },
  'restore-quorum': {
    goal: b(
      "Le cluster va perdre deux nœuds sur trois : rétablissez son quorum sans perdre l'écriture validée, et prouvez-le par une lecture linéarisable.",
      'The cluster is about to lose two nodes out of three: restore its quorum without losing the committed write, and prove it with a linearizable read.',
    ),
    hints: [
      b(
        "Attendez que la clé « commande » soit écrite et que les deux pannes surviennent (vers 4 s).",
        'Wait for the key “commande” to be written and for the two crashes to happen (around 4 s).',
      ),
      b(
        "Un seul nœud de plus suffit à reformer une majorité (2 sur 3). Lequel redémarrer ?",
        'One more node is enough to form a majority again (2 of 3). Which one should you restart?',
      ),
      b(
        "Redémarrez l'un des nœuds arrêtés, attendez l'élection d'un leader, puis lisez « commande » en mode linéarisable.",
        'Restart one of the crashed nodes, wait for a leader to be elected, then read “commande” in linearizable mode.',
      ),
    ],
    success: b(
      "Le quorum est rétabli et la valeur validée est toujours là. Une entrée validée est inscrite sur une majorité de nœuds ; toute nouvelle majorité en contient au moins un, et Raft n'élit que des candidats dont le journal est à jour : l'écriture ne peut pas être perdue. La lecture linéarisable l'a confirmé en passant par le leader.",
      'Quorum is back and the committed value is still there. A committed entry is stored on a majority of nodes; any new majority contains at least one of them, and Raft only elects candidates whose log is up to date: the write cannot be lost. The linearizable read confirmed it by going through the leader.',
    ),
    steps: [
      b('Redémarrer un nœud arrêté.', 'Restart a crashed node.'),
      b('Lire « commande » en mode linéarisable.', 'Read “commande” in linearizable mode.'),
    ],
  },
  'stale-serializable-read': {
    goal: b(
      'Obtenez une lecture sérialisable périmée depuis un follower isolé, puis constatez qu\'une lecture linéarisable refuse de l\'être.',
      'Get a stale serializable read from an isolated follower, then see that a linearizable read refuses to be stale.',
    ),
    hints: [
      b(
        'Isolez un follower : il garde sa copie des données mais ne reçoit plus les nouvelles écritures.',
        'Isolate a follower: it keeps its copy of the data but no longer receives new writes.',
      ),
      b(
        'Modifiez « stock » par le leader, puis lisez « stock » sur le follower isolé en mode sérialisable.',
        'Change “stock” through the leader, then read “stock” from the isolated follower in serializable mode.',
      ),
      b(
        "Enfin, lisez « stock » sur ce même follower en mode linéarisable : la lecture doit échouer ou expirer plutôt que de renvoyer l'ancienne valeur.",
        'Finally, read “stock” from the same follower in linearizable mode: the read must fail or time out rather than return the old value.',
      ),
    ],
    success: b(
      "Une lecture sérialisable répond avec l'état local du nœud interrogé : c'est rapide, mais le follower isolé ignorait la dernière écriture et a renvoyé une valeur périmée. Une lecture linéarisable demande d'abord au leader son index de validation (ReadIndex) et attend de l'avoir appliqué : coupé du leader, le follower ne peut pas répondre, et il préfère échouer que mentir.",
      'A serializable read answers from the local state of the node asked: it is fast, but the isolated follower had missed the last write and returned a stale value. A linearizable read first asks the leader for its commit index (ReadIndex) and waits until it has applied it: cut off from the leader, the follower cannot answer, and it would rather fail than lie.',
    ),
    steps: [
      b('Isoler un follower.', 'Isolate a follower.'),
      b('Écrire stock = 9 par le leader.', 'Write stock = 9 through the leader.'),
      b(
        'Lire « stock » sur le follower isolé en mode sérialisable : il répond 10, une valeur périmée.',
        'Read “stock” from the isolated follower in serializable mode: it answers 10, a stale value.',
      ),
      b(
        'Lire « stock » sur le follower isolé en mode linéarisable : la lecture échoue.',
        'Read “stock” from the isolated follower in linearizable mode: the read fails.',
      ),
    ],
  },
  'smallest-two-failures': {
    goal: b(
      'Trouvez le plus petit cluster qui survit à deux pannes : agrandissez-le, arrêtez deux nœuds votants et faites passer une écriture.',
      'Find the smallest cluster that survives two failures: grow it, crash two voting nodes and get a write through.',
    ),
    hints: [
      b(
        'Une écriture exige un quorum de ⌊n/2⌋ + 1 votants. Avec 3 nœuds, combien de pannes sont tolérées ?',
        'A write needs a quorum of ⌊n/2⌋ + 1 voters. With 3 nodes, how many failures are tolerated?',
      ),
      b(
        'Essayez 4 nœuds : le quorum passe à 3. Deux pannes en laissent 2… est-ce assez ?',
        'Try 4 nodes: the quorum becomes 3. Two failures leave 2… is that enough?',
      ),
      b(
        "Ajoutez n4 puis n5 comme membres votants, laissez-les rattraper le journal, arrêtez deux followers et écrivez.",
        'Add n4 then n5 as voting members, let them catch up with the log, crash two followers and write.',
      ),
    ],
    success: b(
      "Cinq nœuds, c'est le minimum pour survivre à deux pannes : le quorum est de 3, et il reste 3 nœuds. Avec 4 nœuds, le quorum serait aussi de 3, et deux pannes n'en laisseraient que 2. Règle générale : pour tolérer f pannes, il faut 2f + 1 nœuds.",
      'Five nodes is the minimum to survive two failures: the quorum is 3, and 3 nodes remain. With 4 nodes the quorum would be 3 too, and two failures would leave only 2. In general, tolerating f failures takes 2f + 1 nodes.',
    ),
    steps: [
      b('Ajouter n4 comme membre votant.', 'Add n4 as a voting member.'),
      b('Ajouter n5 comme membre votant.', 'Add n5 as a voting member.'),
      b('Arrêter un follower.', 'Crash a follower.'),
      b('Arrêter un deuxième follower.', 'Crash a second follower.'),
      b('Écrire panier = « 5 articles » : 3 nœuds sur 5 la valident.', 'Write panier = “5 articles”: 3 nodes of 5 commit it.'),
    ],
  },
  'four-nodes-two-failures': {
    goal: b('Avec 4 nœuds, trouvez deux pannes qui empêchent toute écriture.', 'With 4 nodes, find two failures that stop writes.'),
    hints: [
      b('Quel est le quorum de 4 nœuds ? Comparez avec 3 nœuds.', 'What is the quorum of 4 nodes? Compare with 3 nodes.'),
      b(
        'Le quorum de 4 est 3 : une seule panne laisse passer les écritures. Il en faut deux.',
        'The quorum of 4 is 3: a single failure still lets writes through. It takes two.',
      ),
      b(
        'Arrêtez deux nœuds (ou coupez le réseau en deux moitiés de 2), puis tentez une écriture et attendez son échec.',
        'Crash two nodes (or split the network into two halves of 2), then try a write and wait for it to fail.',
      ),
    ],
    success: b(
      "Deux pannes suffisent à bloquer 4 nœuds : il en reste 2, sous le quorum de 3. Un quatrième nœud ne tolère donc pas plus de pannes que trois (une seule), mais c'est une machine de plus qui peut tomber en panne. D'où les tailles impaires : 3, 5, 7.",
      'Two failures are enough to block 4 nodes: 2 remain, below the quorum of 3. A fourth node therefore tolerates no more failures than three do (just one), but it is one more machine that can fail. Hence odd sizes: 3, 5, 7.',
    ),
    steps: [
      b('Arrêter un follower.', 'Crash a follower.'),
      b('Arrêter un deuxième follower.', 'Crash a second follower.'),
      b("Tenter d'écrire panier = « 2 articles » : sans quorum, la requête échoue.", 'Try to write panier = “2 articles”: with no quorum, the request fails.'),
    ],
  },
  'split-five-writes-continue': {
    goal: b(
      'Coupez le réseau d\'un cluster de 5 nœuds de sorte que les écritures continuent.',
      'Split the network of a 5-node cluster so that writes go on.',
    ),
    hints: [
      b(
        'Une partition découpe les nœuds en groupes qui ne se parlent plus.',
        'A partition divides the nodes into groups that can no longer talk to each other.',
      ),
      b('Pour écrire, un groupe doit réunir un quorum : 3 nœuds sur 5.', 'To write, one group must hold a quorum: 3 nodes of 5.'),
      b(
        'Faites un groupe de 3 nœuds (avec le leader) et un groupe de 2, puis écrivez.',
        'Make a group of 3 nodes (with the leader) and a group of 2, then write.',
      ),
    ],
    success: b(
      "Le côté majoritaire (3 nœuds sur 5) a gardé son leader et validé l'écriture ; le côté minoritaire ne peut plus rien valider. Si le leader s'était trouvé du côté minoritaire, CheckQuorum l'aurait fait se retirer et la majorité en aurait élu un autre.",
      'The majority side (3 nodes of 5) kept its leader and committed the write; the minority side can commit nothing. Had the leader been on the minority side, CheckQuorum would have made it step down and the majority would have elected another.',
    ),
    steps: [
      b(
        "Couper le réseau : le leader et deux nœuds d'un côté, les deux autres de l'autre.",
        'Split the network: the leader and two nodes on one side, the other two on the other.',
      ),
      b('Écrire panier = « 1 article » : le côté majoritaire la valide.', 'Write panier = “1 article”: the majority side commits it.'),
    ],
  },
  'split-five-writes-stop': {
    goal: b(
      "Coupez le réseau d'un cluster de 5 nœuds, sans arrêter aucun nœud, de sorte que les écritures s'arrêtent.",
      'Split the network of a 5-node cluster, without crashing any node, so that writes stop.',
    ),
    hints: [
      b("Les écritures s'arrêtent quand aucun groupe ne réunit 3 nœuds.", 'Writes stop when no group holds 3 nodes.'),
      b('Une coupure 3 | 2 ne suffit pas. Pensez à plus de deux groupes.', 'A 3 | 2 split is not enough. Think of more than two groups.'),
      b(
        "Essayez 2 | 2 | 1, puis tentez une écriture et attendez qu'elle échoue.",
        'Try 2 | 2 | 1, then try a write and wait for it to fail.',
      ),
    ],
    success: b(
      "Aucun groupe n'atteint le quorum de 3 : personne ne peut valider d'écriture ni élire de leader. Pourtant tous les nœuds tournent : une partition réseau est une panne aussi sérieuse qu'un arrêt.",
      'No group reaches the quorum of 3: nobody can commit a write or elect a leader. Yet every node is running: a network partition is as serious a failure as a crash.',
    ),
    steps: [
      b('Couper le réseau en trois groupes : n1 n2 | n3 n4 | n5.', 'Split the network into three groups: n1 n2 | n3 n4 | n5.'),
      b("Tenter d'écrire panier = « 0 article » : sans quorum, la requête échoue.", 'Try to write panier = “0 article”: with no quorum, the request fails.'),
    ],
  },
  'grow-three-to-five': {
    goal: b(
      'Faites passer le cluster de 3 à 5 nœuds votants sans jamais perdre le quorum, en ajoutant chaque nœud comme learner avant de le promouvoir.',
      'Grow the cluster from 3 to 5 voting nodes without ever losing quorum, adding each node as a learner before promoting it.',
    ),
    hints: [
      b(
        "Un nœud neuf arrive avec un journal vide. S'il vote tout de suite, il compte dans le quorum sans pouvoir encore suivre.",
        'A new node arrives with an empty log. If it votes at once, it counts in the quorum before it can keep up.',
      ),
      b('Ajoutez n4 comme learner : il reçoit le journal sans voter.', 'Add n4 as a learner: it receives the log without voting.'),
      b(
        'Quand n4 a rattrapé le journal, promouvez-le ; faites de même pour n5.',
        'When n4 has caught up with the log, promote it; do the same for n5.',
      ),
    ],
    success: b(
      "Le cluster compte 5 votants et n'a jamais perdu son quorum. Un learner reçoit le journal sans voter ; une fois à jour, sa promotion en fait un votant qui ne ralentit pas la validation. etcd refuse d'ailleurs de promouvoir un learner en retard : « can only promote a learner member which is in sync with leader ».",
      'The cluster has 5 voters and never lost its quorum. A learner receives the log without voting; once up to date, its promotion makes it a voter that does not slow commits down. etcd even refuses to promote a learner that lags behind: “can only promote a learner member which is in sync with leader”.',
    ),
    steps: [
      b('Ajouter n4 comme learner.', 'Add n4 as a learner.'),
      b('Promouvoir n4.', 'Promote n4.'),
      b('Ajouter n5 comme learner.', 'Add n5 as a learner.'),
      b('Promouvoir n5.', 'Promote n5.'),
    ],
  },
  'transfer-leadership': {
    goal: b(
      "Transférez la direction du cluster à un autre nœud, sans tempête d'élections.",
      'Hand leadership over to another node, without an election storm.',
    ),
    hints: [
      b(
        "Arrêter le leader provoquerait une élection, avec son attente et ses candidats concurrents : il existe plus doux.",
        'Crashing the leader would cause an election, with its wait and competing candidates: there is a gentler way.',
      ),
      b(
        'etcd sait déplacer le leader (etcdctl move-leader) ; ici, cherchez le bouton « Lui céder la direction » d\'un follower.',
        'etcd can move the leader (etcdctl move-leader); here, look for the “Hand leadership to it” button of a follower.',
      ),
      b(
        'Choisissez un follower à jour comme nouveau leader : il doit gagner au mandat suivant, sans autre candidat.',
        'Pick an up-to-date follower as the new leader: it must win in the very next term, with no other candidate.',
      ),
    ],
    success: b(
      "Le leader a d'abord mis le nœud choisi à jour, puis lui a envoyé TimeoutNow : ce nœud s'est présenté aussitôt, sans attendre de délai d'élection, et a gagné au mandat suivant. Une seule élection, brève et sans concurrent : c'est ce que fait etcdctl move-leader avant une maintenance.",
      'The leader first brought the chosen node up to date, then sent it TimeoutNow: that node stood at once, without waiting for an election timeout, and won in the next term. A single, short, uncontested election: that is what etcdctl move-leader does before maintenance.',
    ),
    steps: [b('Transférer la direction à un follower.', 'Transfer leadership to a follower.')],
  },
  'checkquorum-step-down': {
    goal: b(
      "Isolez le leader du reste du cluster et regardez-le se retirer de lui-même, sans que personne ne le lui demande.",
      'Cut the leader off from the rest of the cluster and watch it step down by itself, without anyone telling it to.',
    ),
    hints: [
      b(
        "Le bouton « Isoler » d'un nœud le coupe de tous les autres. Choisissez le leader.",
        'A node’s “Isolate” button cuts it off from all the others. Pick the leader.',
      ),
      b(
        "Laissez passer au moins un délai d'élection (1 à 2 s) sans reconnecter le leader, et regardez son rôle.",
        'Let at least one election timeout (1 to 2 s) pass without reconnecting the leader, and watch its role.',
      ),
      b(
        "CheckQuorum doit rester coché dans les « Options de Raft » : c'est lui qui fait abdiquer un leader qui n'entend plus la majorité.",
        'CheckQuorum must stay ticked in the “Raft options”: it is what makes a leader that no longer hears a majority step down.',
      ),
    ],
    success: b(
      "Le leader isolé n'a plus reçu de réponse d'une majorité pendant un délai d'élection : avec CheckQuorum, il s'est retiré de lui-même et il est redevenu follower, pendant que les deux autres élisaient un nouveau leader. Sans CheckQuorum, il se serait cru leader jusqu'à la fin de la coupure et aurait fait attendre les clients qui s'adressaient à lui. Le serveur etcd active toujours CheckQuorum.",
      'The isolated leader got no answer from a majority for an election timeout: with CheckQuorum, it stepped down by itself and became a follower again, while the other two elected a new leader. Without CheckQuorum it would have believed it was leader until the cut ended, keeping the clients that talked to it waiting. The etcd server always enables CheckQuorum.',
    ),
    steps: [b('Isoler le leader.', 'Isolate the leader.'), b('Rétablir le réseau.', 'Heal the network.')],
  },
};
