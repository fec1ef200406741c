# Réseaux d'AMAP : annonces (annonce, annonces), leur relecture, leur envoi, et la page
# publique du réseau (annuaire et carte).
#
# Variables communes : $id (numéro de l'annonce), $network (nom du réseau), $cmd (une commande
# exacte à taper, avec son préfixe), $count (un nombre de personnes ou d'annonces).

## Types d'annonce

network-kind-farm-seeks-amap = Paysan cherche AMAP
network-kind-amap-seeks-farm = AMAP cherche paysan
network-kind-news = Nouvelle du réseau

## Écrire une annonce (annonce)

network-ask-kind = Quel type d'annonce voulez-vous publier ?
network-ask-product = Quel produit ? Par exemple « légumes » ou « fromage de chèvre ».
network-ask-area = Dans quel secteur ? Par exemple « Lyon 4e » ou « Monts du Lyonnais ». Répondez « - » si ce n'est pas utile.
network-ask-body = Votre texte, en quelques lignes (1 000 caractères au plus). Dites comment vous joindre : il sera lu tel quel.
network-empty-answer = Je n'ai rien reçu. Répondez par un texte, ou « stop » pour abandonner.
network-too-long = Ce texte est trop long : { $max } caractères au plus. Raccourcissez-le et renvoyez-le.
network-unknown-kind = Je ne connais pas ce type d'annonce. Choisissez-en un :
network-cannot-write =
    Les annonces du réseau sont écrites par les paysan·nes, les administrateur·ices d'AMAP et la coordination du réseau.
    Pour en proposer une, écrivez aux administrateur·ices de votre AMAP.
network-sent-pending =
    ✅ Merci ! Votre annonce n°{ $id } est transmise à { $network }.
    Elle sera envoyée après relecture par la coordination du réseau.
network-sent-published =
    ✅ Annonce n°{ $id } publiée. { $count ->
        [0] Personne n'est joignable pour l'instant : elle reste visible avec { $cmd }.
        [one] Elle part vers { $count } personne.
       *[other] Elle part vers { $count } personnes.
    }

## Lire les annonces (annonces)

network-list-header = 📰 **Annonces du réseau**
network-list-empty = Aucune annonce en cours dans votre réseau. Pour en publier une : { $cmd }
network-list-none-network = Votre AMAP ne fait partie d'aucun réseau sur Panier : il n'y a pas d'annonce à lire.
network-item-title = **n°{ $id } · { $kind }** — { $from }
network-item-product = 🥕 { $product }
network-item-area = 📍 { $area }
network-item-until = Jusqu'au { $date }
network-write-hint = Pour publier une annonce : { $cmd }

## Relecture par la coordination du réseau

network-pending-header = ⚠️ { $count ->
        [one] **1 annonce à relire**
       *[other] **{ $count } annonces à relire**
    }
network-pending-none = Aucune annonce à relire.
network-button-approve = Valider n°{ $id }
network-button-reject = Refuser n°{ $id }
network-approved =
    ✅ Annonce n°{ $id } validée. { $count ->
        [0] Personne n'est joignable pour l'instant : elle reste visible avec { $cmd }.
        [one] Elle part vers { $count } personne.
       *[other] Elle part vers { $count } personnes.
    }
network-rejected = Annonce n°{ $id } refusée : elle ne sera pas envoyée.
network-already-decided = L'annonce n°{ $id } a déjà été traitée, ou elle a expiré.
network-unknown-announcement = Je ne trouve pas d'annonce n°{ $id } à relire. Tapez { $cmd } pour voir la liste.
network-moderate-usage = Indiquez le numéro de l'annonce, par exemple : { $cmd }
network-moderators-only = La relecture des annonces est réservée à la coordination du réseau.

## Annonce envoyée (notification)

network-push-title = 📰 **{ $kind }** — { $network }
network-push-from = De : { $from }
network-push-more = Toutes les annonces : { $cmd } · Ne plus les recevoir : { $off }
network-button-list = Voir les annonces

## Page publique du réseau (web)

web-network-title = { $network } — AMAP et fermes
web-network-intro = Les AMAP et les fermes de { $network }. Cliquez sur un point de la carte pour aller à sa fiche.
web-network-map-label = Carte des AMAP et des fermes de { $network }
web-network-legend-amap = AMAP (lieu de distribution)
web-network-legend-farm = Ferme
web-network-amaps = AMAP
web-network-farms = Fermes
web-network-no-amap = Aucune AMAP n'est encore inscrite.
web-network-no-farm = Aucune ferme n'est encore inscrite.
web-network-when = Distribution le { $day }, { $start }–{ $end }
web-network-place = 📍 { $place }
web-network-products = Produits : { $products }
web-network-contact = Écrire à l'AMAP
web-network-contact-farm = Écrire à la ferme
web-network-no-location = (pas encore sur la carte)
web-network-geojson = Ces données au format GeoJSON (pour uMap) : { $url }
web-network-unknown = Ce réseau n'existe pas
web-network-unknown-body = Vérifiez l'adresse de la page.
web-network-outline = Contour de la France : Natural Earth (domaine public).

## Aide (coordination du réseau)

help-section-network = **Pour la coordination du réseau**
help-cmd-annonce = { $cmd } — écrire une annonce, ou en relire une (« valider 12 », « refuser 12 »)
help-cmd-annonces = { $cmd } — les annonces en cours et celles à relire

## Annonce à relire (notification à la coordination)

network-push-pending = ⚠️ **Une annonce attend votre relecture** — { $network }
