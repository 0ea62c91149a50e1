// The words of every exercise, in French (first) and English. Resolved at build time by Exercise.astro and
// passed to the island as props, so the island bundles only the logic (catalog.ts).
import { quorumSize } from '../raft/quorum';
import type { Bilingual, ExerciseId, ExerciseText } from './types';

/**
 * French typography, applied to every French string: a narrow no-break space before ; ! ? and a no-break
 * space before : and inside « guillemets », between a number and its unit (3 s), and the typographic
 * apostrophe. Authors type plain spaces.
 */
export function frenchTypography(s: string): string {
  return s
    .replace(/'/g, '\u2019')
    .replace(/« +/g, '«\u00a0')
    .replace(/ +»/g, '\u00a0»')
    .replace(/ +([;!?])/g, '\u202f$1')
    .replace(/ +:/g, '\u00a0:')
    .replace(/(\d) (m?s)(?=[\s.,;:)]|$)/g, '$1\u00a0$2');
}

function b(fr: string, en: string): Bilingual {
  return { fr: frenchTypography(fr), en };
}

export const TEXTS: Record<ExerciseId, ExerciseText> = {
  'ha-one-crash': {
    mistakes: {
      'all-up': b(
        "Cette écriture a réussi, mais tous les nœuds étaient en marche : elle ne montre rien sur les pannes. Arrêtez d'abord un nœud, puis écrivez.",
        'That write succeeded, but every node was up: it shows nothing about failures. Crash a node first, then write.',
      ),
      'no-majority': b(
        "Avec deux nœuds arrêtés sur trois, il ne reste pas de majorité pour valider : une seule panne suffit à l'exercice. Redémarrez un nœud, puis réessayez.",
        'With two of three nodes down there is no majority left to commit: the exercise needs only one failure. Restart a node, then try again.',
      ),
      'down-node': b(
        "Cette requête visait un nœud arrêté : le client n'a même pas pu le joindre. Envoyez-la au cluster (ou au leader), pas au nœud en panne.",
        'That request was sent to a crashed node: the client could not even reach it. Send it to the cluster (or the leader), not to the failed node.',
      ),
    },
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
    mistakes: {
      'still-majority': b(
        "Cette écriture a réussi : il restait une majorité de nœuds en marche, et c'est tout ce qu'il faut pour valider. Arrêtez un nœud de plus, puis réessayez.",
        'That write succeeded: a majority of nodes was still up, and that is all a commit needs. Crash one more node, then try again.',
      ),
      'down-node': b(
        "Cette écriture a échoué parce qu'elle visait un nœud arrêté, pas faute de quorum : les autres pouvaient encore valider. Envoyez-la au cluster (ou au leader).",
        'That write failed because it was sent to a crashed node, not for lack of quorum: the others could still commit. Send it to the cluster (or the leader).',
      ),
    },
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
      b("Tenter d'écrire panier = « 4 articles » : faute de quorum, la requête échoue au bout de 5 s (context deadline exceeded).", 'Try to write panier = “4 articles”: with no quorum, the request fails after 5 s (context deadline exceeded).'),
    ],
  },
  'provoke-election': {
    mistakes: {
      follower: b(
        "Vous avez arrêté ou isolé un follower : le leader garde sa majorité et continue d'envoyer ses battements de cœur, donc personne ne lance d'élection. C'est le leader qu'il faut faire taire.",
        'You crashed or isolated a follower: the leader keeps its majority and goes on sending heartbeats, so nobody starts an election. It is the leader that must go silent.',
      ),
    },
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
    mistakes: {
      'nothing-missed': b(
        "Ce follower a redémarré sans rien avoir manqué : aucune écriture n'a été validée pendant sa panne, il n'a donc rien à rattraper. Écrivez pendant qu'il est arrêté.",
        'That follower restarted without having missed anything: no write was committed while it was down, so it has nothing to catch up. Write while it is down.',
      ),
      'down-node': b(
        "Cette écriture visait le nœud arrêté : il ne peut rien recevoir. Envoyez-la au cluster (ou au leader), qui la valide avec les deux nœuds en marche.",
        'That write was sent to the crashed node: it cannot receive anything. Send it to the cluster (or the leader), which commits it with the two nodes that are up.',
      ),
    },
    parts: [
      b('Une écriture validée pendant la panne du follower.', 'A write committed while the follower was down.'),
      b('Le follower redémarré a rattrapé le journal.', 'The restarted follower caught up with the log.'),
    ],
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
        "Restart the follower and compare the logs: the leader sends it the missing entries until its commit index reaches the leader’s.",
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
    mistakes: {
      'leader-isolated': b(
        "Vous avez isolé le leader, pas un follower : coupé de la majorité, il se retire (CheckQuorum) et les autres en élisent un nouveau. L'exercice porte sur le retour d'un follower isolé.",
        'You isolated the leader, not a follower: cut off from the majority, it steps down (CheckQuorum) and the others elect a new one. The exercise is about an isolated follower coming back.',
      ),
      'prevote-on': b(
        "PreVote était encore activé : le follower isolé n'a pas augmenté son mandat, et son retour n'a rien dérangé. Décochez d'abord PreVote dans les « Options de Raft ».",
        'PreVote was still on: the isolated follower did not raise its term, and its return disturbed nothing. Untick PreVote in the “Raft options” first.',
      ),
      'too-short': b(
        "L'isolement a été trop court : le follower n'a pas dépassé son délai d'élection, son mandat n'a pas bougé et le leader est resté. Isolez-le au moins 3 s.",
        'The isolation was too short: the follower did not reach its election timeout, its term did not move and the leader stayed. Isolate it for at least 3 s.',
      ),
      'too-short-prevote': b(
        "Avec PreVote, l'isolement doit durer au moins 3 s, comme sans PreVote, pour que la comparaison vaille : isolez de nouveau un follower au moins 3 s.",
        'With PreVote the isolation must last at least 3 s, as it did without PreVote, for the comparison to hold: isolate a follower again for at least 3 s.',
      ),
    },
    parts: [
      b('Sans PreVote, le follower isolé a détrôné le leader à son retour.', 'Without PreVote, the isolated follower deposed the leader when it came back.'),
      b('Avec PreVote, le même isolement laisse le leader en place.', 'With PreVote, the same isolation leaves the leader in place.'),
    ],
    goal: b(
      'Désactivez PreVote, isolez un follower au moins 3 s puis reconnectez-le pour le voir détrôner un leader en bonne santé ; réactivez ensuite PreVote, refaites-le, et constatez que cela ne se reproduit plus.',
      'Switch PreVote off, isolate a follower for at least 3 s, then reconnect it and watch it depose a healthy leader; then switch PreVote back on, do it again, and see that it no longer happens.',
    ),
    hints: [
      b(
        'La case PreVote se trouve dans les « Options de Raft » du cluster : décochez-la d\'abord.',
        'The PreVote box is in the cluster’s “Raft options”: untick it first.',
      ),
      b(
        'Isolez un follower au moins 3 s : seul, il lance élection sur élection et son mandat grimpe. Puis reconnectez-le et regardez le leader.',
        'Isolate a follower for at least 3 s: alone, it starts election after election and its term climbs. Then reconnect it and watch the leader.',
      ),
      b(
        "Réactivez PreVote, isolez de nouveau un follower au moins 3 s, reconnectez-le, et attendez 3 s : le leader doit rester en place.",
        'Switch PreVote back on, isolate a follower again for at least 3 s, reconnect it, and wait 3 s: the leader must stay in place.',
      ),
    ],
    success: b(
      "Sans PreVote, le follower isolé a augmenté son mandat à chaque élection ratée ; à son retour, ce mandat plus élevé a forcé le leader, pourtant en bonne santé, à se retirer, et le cluster a réélu un leader pour rien. Avec PreVote, un nœud demande d'abord s'il pourrait gagner, sans changer de mandat : isolé, il n'obtient aucune réponse favorable, son mandat ne bouge pas, et son retour passe inaperçu. Dans etcd 3.4, PreVote est désactivé par défaut (option --pre-vote à false) ; il est activé par défaut depuis etcd 3.5.",
      "Without PreVote, the isolated follower raised its term at every failed election; when it came back, that higher term forced the perfectly healthy leader to step down, and the cluster elected a leader again for nothing. With PreVote, a node first asks whether it could win, without changing its term: isolated, it gets no favourable answer, its term stays put, and its return goes unnoticed. In etcd 3.4, PreVote is off by default (--pre-vote=false); it has been on by default since etcd 3.5.",
    ),
    steps: [
      b('Désactiver PreVote.', 'Switch PreVote off.'),
      b('Isoler un follower.', 'Isolate a follower.'),
      b(
        'Au moins 3 s plus tard (ici 6 s), réparer le réseau : le follower revient avec un mandat plus élevé et détrône le leader.',
        'At least 3 s later (6 s here), heal the network: the follower comes back with a higher term and deposes the leader.',
      ),
      b('Réactiver PreVote.', 'Switch PreVote back on.'),
      b('Isoler de nouveau un follower.', 'Isolate a follower again.'),
      b(
        'Au moins 3 s plus tard (ici 6 s), réparer le réseau, puis attendre 3 s : le leader reste en place.',
        'At least 3 s later (6 s here), heal the network, then wait 3 s: the leader stays in place.',
      ),
    ],
  },
  'restore-quorum': {
    mistakes: {
      serializable: b(
        "Une lecture sérialisable répond avec l'état local d'un seul nœud, même sans quorum : elle ne prouve pas que le cluster fonctionne. Faites une lecture linéarisable.",
        'A serializable read answers from the local state of one node, even without quorum: it does not prove the cluster works. Do a linearizable read.',
      ),
      'too-early': b(
        "Cette lecture linéarisable a échoué : elle passe par un leader, et sans majorité il n'y en a pas. Redémarrez d'abord un nœud arrêté, attendez l'élection, puis relisez.",
        'That linearizable read failed: it goes through a leader, and without a majority there is none. Restart a crashed node first, wait for the election, then read again.',
      ),
      overwritten: b(
        "Vous avez réécrit « commande » après les pannes : une lecture ne peut plus prouver que la valeur validée avant a survécu. Recommencez sans la modifier.",
        'You rewrote “commande” after the crashes: a read can no longer prove that the value committed before survived. Start again without changing it.',
      ),
      'down-node': b(
        "Cette requête visait un nœud arrêté : le client n'a même pas pu le joindre. Envoyez-la au cluster, ou à un nœud en marche.",
        'That request was sent to a crashed node: the client could not even reach it. Send it to the cluster, or to a node that is up.',
      ),
    },
    parts: [
      b('Le quorum est rétabli : un leader a été élu.', 'Quorum is back: a leader was elected.'),
      b('Une lecture linéarisable a rendu la valeur validée avant les pannes.', 'A linearizable read returned the value committed before the crashes.'),
    ],
    goal: b(
      "Ce cluster écrit commande = 42 vers 2,5 s, puis perd deux nœuds sur trois vers 4 s (le leader et un follower) : rétablissez son quorum sans perdre l'écriture validée, et prouvez-le par une lecture linéarisable.",
      'This cluster writes commande = 42 at about 2.5 s, then loses two nodes out of three at about 4 s (the leader and a follower): restore its quorum without losing the committed write, and prove it with a linearizable read.',
    ),
    hints: [
      b(
        "Attendez que la clé « commande » soit écrite (vers 2,5 s) et que les deux pannes surviennent (vers 4 s).",
        'Wait for the key “commande” to be written (at about 2.5 s) and for the two crashes to happen (at about 4 s).',
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
    mistakes: {
      'not-stale': b(
        "Ce follower isolé avait encore la dernière valeur : sa lecture est juste. Écrivez d'abord une nouvelle valeur par le leader, puis relisez le follower isolé.",
        'That isolated follower still had the latest value: its read is right. First write a new value through the leader, then read the isolated follower again.',
      ),
      'majority-side': b(
        "Ce nœud n'est pas isolé : il reçoit les écritures du leader, sa lecture sérialisable est donc à jour. Lisez sur le follower isolé.",
        'That node is not isolated: it receives the leader’s writes, so its serializable read is up to date. Read from the isolated follower.',
      ),
      'linearizable-elsewhere': b(
        "Cette lecture linéarisable a visé un nœud relié au leader : elle réussit, c'est normal. Refaites-la sur le follower isolé pour le voir refuser de répondre.",
        'That linearizable read went to a node connected to the leader: it succeeds, as it should. Do it again on the isolated follower to see it refuse to answer.',
      ),
      'write-isolated': b(
        "Cette écriture est allée au follower isolé : sans leader joignable, il ne peut pas la faire valider. Écrivez par le leader, du côté de la majorité.",
        'That write went to the isolated follower: with no leader in reach it cannot get it committed. Write through the leader, on the majority side.',
      ),
    },
    parts: [
      b('Une lecture sérialisable périmée sur le follower isolé.', 'A stale serializable read on the isolated follower.'),
      b('Une lecture linéarisable sur ce follower refuse de l’être.', 'A linearizable read on that follower refuses to be stale.'),
    ],
    goal: b(
      'Écrivez stock = 10, puis obtenez une lecture sérialisable périmée depuis un follower isolé, et constatez qu\'une lecture linéarisable refuse de l\'être.',
      'Write stock = 10, then get a stale serializable read from an isolated follower, and see that a linearizable read refuses to be stale.',
    ),
    hints: [
      b(
        'Écrivez stock = 10, puis isolez un follower : il garde sa copie des données mais ne reçoit plus les nouvelles écritures.',
        'Write stock = 10, then isolate a follower: it keeps its copy of the data but no longer receives new writes.',
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
      b('Écrire stock = 10.', 'Write stock = 10.'),
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
    mistakes: {
      'add-refused': b(
        "etcd a refusé l'ajout : un nœud était arrêté, et ajouter un votant à un cluster affaibli pourrait lui faire perdre le quorum (--strict-reconfig-check). Redémarrez-le, puis ajoutez.",
        'etcd refused the addition: a node was down, and adding a voter to a weakened cluster could make it lose quorum (--strict-reconfig-check). Restart it, then add.',
      ),
      'learner-no-vote': b(
        "Un learner ne vote pas : il reçoit le journal mais ne compte pas dans le quorum, il n'ajoute donc aucune tolérance. Ajoutez des membres votants (ou promouvez le learner).",
        'A learner does not vote: it receives the log but does not count in the quorum, so it adds no tolerance. Add voting members (or promote the learner).',
      ),
      'too-few': b(
        `Avec 3 ou 4 votants, le quorum est de ${quorumSize(3)} ou ${quorumSize(4)} : deux pannes n'en laissent que 1 ou 2, pas assez. Redémarrez un nœud et ajoutez des votants.`,
        `With 3 or 4 voters the quorum is ${quorumSize(3)} or ${quorumSize(4)}: two failures leave only 1 or 2, not enough. Restart a node and add voters.`,
      ),
      'add-busy': b(
        "etcd a refusé l'ajout : le changement de membres précédent n'était pas encore validé, et etcd n'en fait qu'un à la fois. Attendez un instant, puis ajoutez le suivant.",
        'etcd refused the addition: the previous membership change was not committed yet, and etcd makes only one at a time. Wait a moment, then add the next one.',
      ),
    },
    parts: [
      b('Le cluster compte 5 votants.', 'The cluster has 5 voters.'),
      b('Une écriture validée avec deux votants arrêtés.', 'A write committed with two voters down.'),
    ],
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
    mistakes: {
      'one-failure': b(
        `Une seule panne : il reste 3 nœuds, soit le quorum de 4 (${quorumSize(4)}), et l'écriture passe. Il faut une deuxième panne.`,
        `Only one failure: 3 nodes remain, which is the quorum of 4 (${quorumSize(4)}), and the write goes through. It takes a second failure.`,
      ),
      'three-failures': b(
        "Trois pannes bloquent évidemment les écritures ; la question est de savoir si deux suffisent. Redémarrez ou reconnectez un nœud, puis réessayez.",
        'Three failures obviously stop writes; the question is whether two are enough. Restart or reconnect a node, then try again.',
      ),
      'down-node': b(
        "Cette écriture a échoué parce qu'elle visait un nœud arrêté, pas faute de quorum : le client n'a pas pu le joindre. Envoyez-la au cluster (ou au leader).",
        'That write failed because it was sent to a crashed node, not for lack of quorum: the client could not reach it. Send it to the cluster (or the leader).',
      ),
    },
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
    mistakes: {
      'no-majority': b(
        `Aucun groupe n'avait ${quorumSize(5)} nœuds sur 5 : personne ne peut valider. Faites un groupe de ${quorumSize(5)} nœuds, avec le leader, et un groupe de 2.`,
        `No group had ${quorumSize(5)} nodes of 5: nobody can commit. Make a group of ${quorumSize(5)} nodes, with the leader, and a group of 2.`,
      ),
      'minority-side': b(
        "Cette écriture est allée du côté minoritaire : sans majorité, ce côté ne peut rien valider. Envoyez-la au leader du côté majoritaire.",
        'That write went to the minority side: without a majority it cannot commit anything. Send it to the leader on the majority side.',
      ),
      'no-split': b(
        "Le réseau n'était pas coupé : cette écriture ne dit rien d'une partition. Coupez d'abord le réseau, puis écrivez.",
        'The network was not split: that write says nothing about a partition. Split the network first, then write.',
      ),
    },
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
    mistakes: {
      'majority-side': b(
        `Un des groupes avait encore ${quorumSize(5)} nœuds sur 5 : il garde (ou élit) un leader et valide. Il faut qu'aucun groupe n'atteigne ${quorumSize(5)}.`,
        `One group still had ${quorumSize(5)} nodes of 5: it keeps (or elects) a leader and commits. No group may reach ${quorumSize(5)}.`,
      ),
      'no-split': b(
        "Le réseau n'était pas coupé : le cluster entier a validé l'écriture. Coupez d'abord le réseau, puis écrivez.",
        'The network was not split: the whole cluster committed the write. Split the network first, then write.',
      ),
    },
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
    mistakes: {
      'voter-directly': b(
        "Vous avez ajouté un membre votant directement : avec son journal vide, il compte dans le quorum avant de pouvoir suivre, et une panne de plus peut bloquer le cluster. Recommencez en l'ajoutant comme learner.",
        'You added a voting member directly: with its empty log it counts in the quorum before it can keep up, and one more failure can stall the cluster. Start again, adding it as a learner.',
      ),
      'promote-refused': b(
        "etcd a refusé la promotion : le learner n'avait pas encore rattrapé le journal du leader (voir « en retard de N entrées »). Attendez qu'il soit à jour, puis promouvez-le.",
        'etcd refused the promotion: the learner had not caught up with the leader’s log yet (see “behind by N entries”). Wait until it is up to date, then promote it.',
      ),
      'promote-busy': b(
        "etcd a refusé la promotion : l'ajout de ce learner n'était pas encore validé, et etcd ne fait qu'un changement de membres à la fois. Attendez un instant, puis promouvez-le.",
        'etcd refused the promotion: adding this learner was not committed yet, and etcd makes only one membership change at a time. Wait a moment, then promote it.',
      ),
    },
    parts: [
      b('Un premier learner rattrapé puis promu : 4 votants.', 'A first learner caught up then promoted: 4 voters.'),
      b('5 votants, sans jamais perdre le quorum.', '5 voters, without ever losing quorum.'),
    ],
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
      "Le cluster compte 5 votants et n'a jamais perdu son quorum. Un learner reçoit le journal sans voter ; une fois à jour, sa promotion en fait un votant qui ne ralentit pas la validation. etcd refuse d'ailleurs de promouvoir un learner en retard (essayez de le promouvoir aussitôt ajouté, tant que le bloc le dit « en retard ») : « can only promote a learner member which is in sync with leader ».",
      'The cluster has 5 voters and never lost its quorum. A learner receives the log without voting; once up to date, its promotion makes it a voter that does not slow commits down. etcd even refuses to promote a learner that lags behind (try promoting one right after adding it, while this block says it is “behind”): “can only promote a learner member which is in sync with leader”.',
    ),
    steps: [
      b('Ajouter n4 comme learner.', 'Add n4 as a learner.'),
      b('Promouvoir n4.', 'Promote n4.'),
      b('Ajouter n5 comme learner.', 'Add n5 as a learner.'),
      b('Promouvoir n5.', 'Promote n5.'),
    ],
  },
  'transfer-leadership': {
    mistakes: {
      'crashed-leader': b(
        "Arrêter le leader provoque une vraie élection : les followers attendent leur délai d'élection, et plusieurs candidats peuvent se présenter. Utilisez « Lui céder la direction » sur un follower.",
        'Crashing the leader causes a real election: the followers wait for their election timeout, and several candidates may stand. Use “Hand leadership to it” on a follower.',
      ),
      'removed-leader': b(
        "Retirer le leader lui fait bien passer la main, mais il quitte le cluster pour de bon : ce n'est pas un transfert. Recommencez et utilisez « Lui céder la direction » sur un follower.",
        'Removing the leader does make it hand over, but it leaves the cluster for good: that is not a transfer. Start again and use “Hand leadership to it” on a follower.',
      ),
    },
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
    mistakes: {
      'follower-isolated': b(
        "Vous avez isolé un follower : le leader garde sa majorité et n'a aucune raison de se retirer. Isolez le leader lui-même.",
        'You isolated a follower: the leader keeps its majority and has no reason to step down. Isolate the leader itself.',
      ),
      'checkquorum-off': b(
        "CheckQuorum est décoché : le leader isolé ne vérifie plus qu'une majorité lui répond, il se croira leader jusqu'au retour du réseau. Recochez CheckQuorum dans les « Options de Raft », puis recommencez.",
        'CheckQuorum is unticked: the isolated leader no longer checks that a majority answers it, and will believe it leads until the network comes back. Tick CheckQuorum in the “Raft options” again, then start again.',
      ),
      'healed-too-soon': b(
        "Vous avez reconnecté le leader trop tôt : il lui faut tout un délai d'élection sans réponse d'une majorité pour se retirer. Isolez-le de nouveau et attendez au moins 3 s.",
        'You reconnected the leader too soon: it takes a whole election timeout without an answer from a majority for it to step down. Isolate it again and wait at least 3 s.',
      ),
    },
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
