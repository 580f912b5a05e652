// DFC conformance: the official connector (@datafoodconsortium/connector) imports each of
// Maillon's DFC documents, with the DFC context it ships and a document loader that refuses
// the network; then exports what it imported and imports that again (the round trip must
// give the same objects). Prints, as JSON, what it read of every object and what it exported
// (`export:<path>`), for the Rust test (server/tests/it/dfc.rs) to compare with the database
// and to import into Maillon.
//
//   node end2end/dfc/conformance.mjs <base URL> <path>...
//   node end2end/dfc/conformance.mjs --order <sale session IRI> <offer IRI>=<quantity>...
//
// With DFC_TOKEN set, every request carries it as a bearer token (a platform's orders). The
// second form prints the order a platform would post, written by the connector.
//
// Exits non-zero when a document cannot be fetched or imported, or the round trip differs.

import { Connector, ConnectorImporterJsonldStream } from '@datafoodconsortium/connector';
import context from '@datafoodconsortium/connector/lib/context.js';

const SHIPPED = 'https://www.datafoodconsortium.org/wp-content/plugins/wordpress-context-jsonld/context_1.16.0.jsonld';

// Only the context the connector ships: any other document would need the network.
const offline = {
  async load(url) {
    if (url === SHIPPED) return { '@context': context };
    throw new Error(`the document loader is offline and does not know ${url}`);
  },
};

function connector() {
  const c = new Connector();
  c.setDefaultImporter(new ConnectorImporterJsonldStream({ context, documentLoader: offline }));
  // A referenced object is never fetched: everything checked is in the document itself.
  c.setDefaultFetchFunction(async (iri) => {
    throw new Error(`no fetching in a conformance test: ${iri}`);
  });
  return c;
}

const one = (o, p) => o.getSemanticProperty(p) ?? null;
const all = (o, p) => o.getSemanticPropertyAll(p).slice().sort();
const num = (v) => (v === null || v === undefined ? null : Number(v));

// What the test compares, per type: literals through the connector's own getters, links as
// the IRIs they name (the taxonomies are not loaded, so units and types stay IRIs).
function facts(o) {
  const type = o.getSemanticType();
  const base = { id: o.getSemanticId(), type };
  switch (type) {
    case 'dfc-b:Enterprise':
      return { ...base, name: o.getName(), catalogs: all(o, 'dfc-b:maintains'),
        supplies: all(o, 'dfc-b:supplies'), manages: all(o, 'dfc-b:manages') };
    case 'dfc-b:Catalog':
      return { ...base, maintainedBy: one(o, 'dfc-b:maintainedBy'), lists: all(o, 'dfc-b:lists') };
    case 'dfc-b:CatalogItem':
      return { ...base, sku: o.getSku(), stockLimitation: num(one(o, 'dfc-b:stockLimitation')),
        references: one(o, 'dfc-b:references'), offeredThrough: all(o, 'dfc-b:offeredThrough') };
    case 'dfc-b:SuppliedProduct': {
      const q = o.getQuantity();
      return { ...base, name: o.getName(), productType: one(o, 'dfc-b:hasType'),
        quantity: q ? { value: q.getQuantityValue(), unit: q.getSemanticProperty('dfc-b:hasUnit') } : null,
        referencedBy: all(o, 'dfc-b:referencedBy') };
    }
    case 'dfc-b:Offer': {
      const p = o.getPrice();
      return { ...base, offeredItem: one(o, 'dfc-b:offeredItem'),
        stockLimitation: num(one(o, 'dfc-b:stockLimitation')),
        price: p ? { value: p.getQuantityValue(), vatRate: p.getVatRate(), unit: p.getSemanticProperty('dfc-b:hasUnit') } : null };
    }
    case 'dfc-b:Order':
      return { ...base, number: o.getNumber(), date: o.getDate(), saleSession: one(o, 'dfc-b:belongsTo'),
        soldBy: one(o, 'dfc-b:soldBy'), orderStatus: one(o, 'dfc-b:hasOrderStatus'),
        paymentStatus: one(o, 'dfc-b:hasPaymentStatus'), fulfilmentStatus: one(o, 'dfc-b:hasFulfilmentStatus'),
        lines: all(o, 'dfc-b:hasPart') };
    case 'dfc-b:OrderLine': {
      const p = o.getPrice();
      return { ...base, quantity: o.getQuantity(), offer: one(o, 'dfc-b:concerns'), order: one(o, 'dfc-b:partOf'),
        price: p ? { value: p.getQuantityValue(), vatRate: p.getVatRate(), unit: p.getSemanticProperty('dfc-b:hasUnit') } : null };
    }
    case 'dfc-b:SaleSession':
      return { ...base, beginDate: o.getBeginDate(), endDate: o.getEndDate(), lists: all(o, 'dfc-b:lists') };
    default:
      return base;
  }
}

const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function read(text) {
  const objects = await connector().import(text);
  return objects;
}

// The order a platform posts: new, so its IRIs are the platform's own.
async function order(session, lines) {
  const c = connector();
  const mine = 'https://platform.example/orders/1';
  const saleSession = c.createSaleSession({ semanticId: session, doNotStore: true });
  const parts = lines.map((line, i) => {
    const [offerIri, quantity] = line.split('=');
    const offer = c.createOffer({ semanticId: offerIri, doNotStore: true });
    return c.createOrderLine({ semanticId: `${mine}/lines/${i + 1}`, offer, quantity: Number(quantity) });
  });
  const o = c.createOrder({ semanticId: mine, saleSession, lines: parts });
  return c.export([o, ...parts]);
}

if (process.argv[2] === '--order') {
  console.log(await order(process.argv[3], process.argv.slice(4)));
  process.exit(0);
}

const headers = process.env.DFC_TOKEN ? { authorization: `Bearer ${process.env.DFC_TOKEN}` } : {};
const [base, ...paths] = process.argv.slice(2);
const report = {};
for (const path of paths) {
  const response = await fetch(base + path, { headers });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  const type = response.headers.get('content-type');
  if (type !== 'application/ld+json') throw new Error(`${path}: served as ${type}`);
  const objects = await read(await response.text());
  const first = objects.map(facts).sort(byId);
  // The round trip: what the connector exports of what it read, read again.
  const exported = await connector().export(objects);
  const again = (await read(exported)).map(facts).sort(byId);
  const [a, b] = [JSON.stringify(first), JSON.stringify(again)];
  if (a !== b) {
    throw new Error(`${path}: the round trip changed the objects\n${a}\n${b}`);
  }
  report[path] = first;
  // What the connector wrote, for the test to import into Maillon.
  report[`export:${path}`] = exported;
}
console.log(JSON.stringify(report));
