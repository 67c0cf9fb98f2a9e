import { EngineError } from '../errors.ts';
import { repeatedColumns } from '../io/column-names.ts';
import { detectLayout, type DetectedLayout } from './layouts.ts';
import { countAsTotal, unrelatedTotal, type CountAsTotal, type UnrelatedTotal } from './unrelated-total.ts';
import {
  AFFIX_SYNONYMS,
  CONTACT_ROLES,
  DISCOUNT_HEADER,
  HEADER_SYNONYMS,
  ROLES,
  WHOLE_HEADER_ONLY,
  normaliseHeader,
  type ColumnMapping,
  type Role,
} from './roles.ts';
import { carriesTimeOfDay, timeOfDayShare } from './time-of-day.ts';
import { isLineTotal, moneyPerProduct, type MoneyPerProduct } from './total-or-price.ts';
import { profileValues, type ValueProfile } from './value-profile.ts';
import { countColumns, summaryReport, type SummaryReport } from './summary-report.ts';

export interface MappingResult {
  mapping: ColumnMapping;
  /** role -> confidence in [0, 1] for the chosen column; absent roles are unmapped. */
  confidence: Partial<Record<Role, number>>;
  /** true where the user set the role by hand. */
  manual: Partial<Record<Role, boolean>>;
  /** The platform export recognised by its header, when one was; its roles are taken as documented. */
  layout?: DetectedLayout;
  /** A summary report's counts and rows, when the file is one (summary-report.ts). */
  summaryReport?: SummaryReport;
  /** The money column read otherwise than its header names it, told by its products (readMoneyPerProduct). */
  moneyRead?: MoneyRead;
  /** The column headed as a total set aside, its values not the lines' amounts (unrelated-total.ts). */
  unrelatedTotal?: UnrelatedTotal;
  /** The column headed as the lines' amount read as the quantity, its values counting units (unrelated-total.ts). */
  countAsTotal?: CountAsTotal;
  /** The customer is a column of names ("Customer Name"), the file having no id or email: people who share one are one customer. */
  customerIsName?: true;
}

/** A money column named a price read as the lines' totals, or named a total read as unit prices. */
export interface MoneyRead extends Omit<MoneyPerProduct, 'reads'> {
  column: string;
  role: 'unit_price' | 'line_total';
}

/** Shares of values written as phone numbers (7-15 digits), and of those formatted as one. */
interface PhoneProfile {
  phoneShare: number;
  /** With a leading + or 0, or separators between digits: not a plain number or code. */
  formattedPhoneShare: number;
}

function phoneProfile(values: readonly (string | null)[]): PhoneProfile {
  const vs = values.filter((v): v is string => v !== null && v.trim() !== '').map((v) => v.trim());
  const isPhone = (v: string) => {
    const digits = v.replace(/\D/g, '').length;
    return /^\+?[\d\s()./-]+$/.test(v) && digits >= 7 && digits <= 15 && !/^\d+[.,]\d{1,2}$/.test(v);
  };
  const phones = vs.filter(isPhone);
  const formatted = phones.filter((v) => /^(\+|0)/.test(v) || /\d[\s()./-]+\d/.test(v));
  return { phoneShare: vs.length ? phones.length / vs.length : 0, formattedPhoneShare: vs.length ? formatted.length / vs.length : 0 };
}

/** Text that is not a number or an email address, as names and places are written. */
function nameLikeFit(p: ValueProfile): number {
  return (1 - p.numericShare) * (1 - p.emailShare);
}

/** How well values fit a role, in [0, 1]; 0 vetoes a header match too. */
function valueFit(role: Role, p: ValueProfile & PhoneProfile): number {
  // An empty column may keep its role by header (its nulls are reported), except the date:
  // no format can be detected from nothing, so it is left unmapped for the user to see.
  if (p.nonEmpty === 0) return role === 'date' ? 0 : 0.2;
  switch (role) {
    case 'date':
      return Math.max(p.dateShare, p.serialShare, p.epochShare);
    case 'time':
      // Never guessed with the other roles: withTimeOfDay reads it from its values beside the date.
      return 0;
    case 'quantity':
      return p.quantityShare * (0.4 + 0.6 * p.integerShare);
    case 'unit_price':
      return p.numericShare * (0.3 + 0.7 * Math.max(p.moneyShare, 1 - p.integerShare)) * (1 - p.negativeShare * 0.5);
    case 'line_total':
      return p.numericShare;
    case 'email':
      return p.emailShare;
    case 'invoice':
      return p.codeShare * (p.dateShare < 0.5 ? 1 : 0) * (p.distinctRatio < 0.999 ? 1 : 0.6);
    case 'customer':
      return p.codeShare * (p.dateShare < 0.5 ? 1 : 0) * (1 - p.emailShare);
    case 'sku':
      return p.codeShare * (p.dateShare < 0.5 ? 1 : 0);
    case 'description':
      return (1 - p.numericShare) * Math.max(p.textShare, 0.3);
    case 'country':
      return (1 - p.numericShare) * (p.distinctRatio < 0.5 ? 1 : 0.4);
    case 'category':
      return (1 - p.numericShare) * (p.distinctRatio < 0.3 ? 1 : 0.3);
    case 'first_name':
    case 'last_name':
      return nameLikeFit(p) * (p.meanLength <= 20 ? 1 : 0.3);
    case 'full_name':
      return nameLikeFit(p);
    case 'city':
      return nameLikeFit(p) * (p.distinctRatio < 0.9 ? 1 : 0.6);
    case 'phone':
      return p.phoneShare * (p.dateShare < 0.5 ? 1 : 0);
    case 'postcode':
      return (1 - p.emailShare) * (p.dateShare < 0.5 ? 1 : 0) * (p.meanLength <= 10 ? 1 : 0.2);
  }
}

/**
 * How much a column's fill counts: 1 from a fifth of its sampled values filled, less below.
 * Value fits are shares of the non-empty values, so a column with a handful of values (an "Item
 * Note", the 14th of 14 item slots) could fit better than the filled column beside it, and its
 * few values would then be the role's whole data. A column filled a fifth or more (customer ids
 * where most sales are to guests) keeps its fit. An empty column keeps its own (valueFit).
 */
function fillWeight(p: ValueProfile): number {
  return p.nonEmpty === 0 ? 1 : Math.min(1, (1 - p.nullShare) / 0.2);
}

/** A column's score for a role its header names: the header's evidence (headerFit) weighed over its values' (valueFit × fillWeight). */
const headerScore = (h: number, v: number) => 0.55 * h + 0.45 * v;

/** Words of Chinese characters, kana or Hangul, two of which name as much as four Latin letters. */
const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]+$/u;

/** Header evidence: 1 for a known name, 0.75 when a known name is part of it (four letters or more, two Chinese characters or kana), else 0. */
export function headerFit(role: Role, header: string): number {
  const h = normaliseHeader(header);
  if (h === '') return 0;
  const synonyms = HEADER_SYNONYMS[role];
  if (synonyms.includes(h)) return 1;
  if (synonyms.some((s) => (s.length >= 4 || (s.length >= 2 && CJK.test(s))) && !WHOLE_HEADER_ONLY.has(s) && h.includes(s))) return 0.75;
  if (AFFIX_SYNONYMS[role]?.some((s) => h.startsWith(s) || h.endsWith(s))) return 0.75;
  return 0;
}

/** Amounts beside the sale's that are not it, in English, by whole word: a discount, shipping, a fee, a refund, a tip, a tax (a total "incl. tax" is the sale's). */
const NOT_SALE_AMOUNT =
  /\b(discounts?|shipping|postage|fees?|refunds?|refunded|tips?|coupons?)\b|^\s*(sales |order )?(tax(es)?|vat)( amount)?\s*$|^\s*tax amount/i;

/** A tax, and the words of its amount, in the languages shops write (normaliseHeader). */
const TAX =
  '(tax|vat|mwst|ust|steuer|iva|tva|taxe|btw|impuesto|imposta|imposto|podatek|dph|afa|pdv|ddv|ppn|pajak|moms|mva|alv|skatt|vero|kdv|ндс|пдв|消費税|税|税额|부가세|세액)';
const TAX_AMOUNT =
  '(value|amount|total|betrag|wert|montant|importe|importo|bedrag|valor|kwota|wartosc|castka|osszeg|iznos|znesek|nilai|belopp|belob|belop|summa|tutar|tutari|toplam|сумма|сума|額|金額|额|金额)';

/**
 * Headers naming no sale's amount though they hold a word of one (normaliseHeader), in the
 * languages shops write, a kind per line: a profit or margin; a weight ("Gross Weight", "Peso
 * neto"; "pesos" are money); a count ("Total Qty", "Total Items"); a sales document's number
 * ("Sales Order", "Sales Invoice No"), whose numbers read as amounts; who sold; a customer's spend
 * or balance; a running total, a target or another period's figure; a tax's amount; a discount,
 * a delivery, a fee, a refund, a tip, a voucher or a deposit.
 */
const NOT_MONEY = new RegExp(
  [
    'profit|margin|gewinn|marge|rohertrag|deckungsbeitrag|benefice|beneficio|ganancia|utile|guadagno|margine|winst|lucro|zysk|marza',
    'weight|gewicht|poids|peso(?!s)|waga|hmotnost|tezina',
    'qty|quantity|quantite|cantidad|quantita|menge|anzahl|aantal|antal|mengde|maengde|mangd|maara|adet|miktar|количеств|колво|кількіст|数量|個数|数$|數量|수량|items$|units$|pieces$|pcs$|kpl$|itemcount|orders$|ordercount',
    // A document's number; "Sales Order" without one ("Total factura", "Montant facture" are amounts).
    '(order|invoice|receipt|document|doc|record|beleg|auftrag|rechnung|bestellung|factura|facture|faktura|kvitto|kvittering|ordre|tilaus|lasku|kuitti)(no|nr|num|number|nummer|numero|id)$',
    '^(sales|verkaufs?|ventas?|vente)(order|invoice|receipt|document|doc|record|beleg|auftrag|rechnung|factura|facture)$',
    // Who or where sold, a sales rep's or channel's code ("Sales Rep" 104).
    '^sales(rep|person|people|man|woman|channel|team|region|office|area|agent|manager|org|district|territory|group|unit|staff|associate|clerk|code|type|stage|source|status)',
    // A customer's spend or balance, not this sale's ("Total Spent", "Average Order Value", "Amount Due").
    'spent|spend|average|avg|lifetime|ltv|clv|balance|due$|outstanding',
    // A running total, a target or another period's figure ("Running Total", "Sales Target", "YTD Sales").
    'running|cumul|kumul|acumul|ytd|mtd|qtd|todate|target|goal|budget|forecast|previous|prior|lastyear|vorjahr|ziel|objectif|objetivo|obiettivo',
    // A tax's amount ("Tax 1 Value", "MwSt-Betrag", "Momsbelopp", "Importe IVA"); a total with its tax is the sale's.
    `^${TAX}\\d*${TAX_AMOUNT}?$|^${TAX_AMOUNT}${TAX}$`,
    // A discount's, a delivery's, a fee's, a refund's, a tip's, a voucher's or a deposit's amount in the other
    // languages shops write ("Rabattbetrag", "Frais de port", "Gastos de envío", "Kortingsbedrag"); English's
    // are NOT_SALE_AMOUNT's, by whole word. No "port" nor "porto": they are inside "importe" and "importo".
    DISCOUNT_HEADER.source,
    'versand|lieferkosten|livraison|fraisdeport|envio|spedizione|verzend|frete|wysylk|dostaw|doprav|postovne|szallitas|livrare|postarina|ongkir|ongkoskirim|pengiriman|frakt|fragt|forsendelse|toimituskulu|rahti|kargo|доставк|送料|配送|运费|邮费|運費|배송비|배송',
    'gebuhr|gebuehr|frais|comision|commissione|commissie|oplata|poplatek|naknada|biaya|avgift|gebyr|komisyon|комисси|комісі|手数料|手续费|佣金|수수료',
    'erstattung|gutschrift|rembourse|reembolso|rimborso|terugbetal|zwrot|visszaterit|rambursare|refusion|refusjon|hyvitys|aterbetal|iade|возврат|поверн|返金|返品|退款|退货|환불|반품',
    'trinkgeld|pourboire|propina|mancia|fooi|gorjeta|napiwek|spropitne|borravalo|bacsis|napojnica|dricks|drikkepenge|tippi|bahsis|чаев|チップ',
    'gutschein|cupon|kupon|buono|pfand|купон|クーポン|ポイント',
  ].join('|'),
);

/**
 * Headers naming what the shop paid, not what the customer did (normaliseHeader): "Unit Cost",
 * "COGS", "Einkaufspreis", "Prix d'achat". A purchase's amount alone ("Purchase Amount") is
 * often the customer's, so only a purchase price is a cost.
 */
const COST =
  /cost|cogs|kosten|einkaufspreis|ekpreis|einstandspreis|purchaseprice|prixdachat|coutdachat|coste|costo|custo(?!m)|prezzo(?:di)?acquisto|inkoopprijs|kostprijs|cenazakupu|inkopspris|indkobspris|innkjopspris|kostpris|ostohinta|hankintahinta|alisfiyat|maliyet|закуп|себестоим|собіварт|原価|仕入|成本|进价|원가/;

/**
 * Headers naming a price asked before any discount (normaliseHeader): "Regular Price", "List
 * Price", "Original Price", "Was Price", "Compare At Price", "MSRP", "UVP", "Streichpreis".
 */
const LIST_PRICE =
  /regular|list(?!ing)|original|^was|compare|catalog|rrp|msrp|^srp|recommended|suggested|uvp|streichpreis|prixbarre|preciolista|prezzolistino|adviesprijs|ordinarie|vejledende|veiledende|ovhpris|suositushinta|ohjehinta|定価|希望小売|原价|原價|정가/;

/**
 * Headers of a party to the sale other than its buyer (normaliseHeader): who sold or served
 * ("Employee First Name", "Cashier Email", "Verkäufer"), and the shop or its supplier ("Store
 * Phone", "Vendor Email", "Lieferant"). Their names, emails and phones are not the customer's:
 * on a campaign list they would reach the shop, and as the key (where the file names no other
 * customer) every sale would be one customer's.
 */
const OTHER_PARTY =
  /cashier|employee|staff|seller|server|waiter|clerk|salesperson|salesrep|agent|manager|operator|mitarbeiter|verkaufer|verkaeufer|kassierer|bediener|vendeur|caissier|employe|vendedor|cajero|empleado|cassiere|venditore|commesso|operatore|verkoper|medewerker|kassier|store|shop(?!ping|per)|outlet|branch|location|warehouse|merchant|vendor|supplier|manufacturer|filiale|lieferant|haendler|handler|hersteller|magasin|boutique|fournisseur|tienda|proveedor|sucursal|negozio|fornitore|winkel|leverancier|butik|kassor|kasserer|expedit|ekspedient|medarbetare|medarbejder|ansatt|anstalld|saljare|saelger|selger|leverantor|leverandor|myyja|myymala|kauppa|toimittaja|tyontekija|henkilokunta|varasto|magaza|satici|tedarikci|personel|kasiyer|calisan|магазин|склад|продавец|продавц|сотрудник|кассир|поставщик|менеджер|постачальник|працівник|касир|店舗|担当|スタッフ|販売員|仕入先|メーカー|店铺|门店|店員|收银员|员工|供应商|卖家|매장|판매자|직원|공급업체/;

/** Headers of where goods came from (normaliseHeader): "Country of Origin", "Herkunftsland", "Ship From", "Dispatch Country". */
const ORIGIN =
  /origin|herkunft|ursprung|provenance|procedencia|provenienza|oprindelse|opprinnelse|alkupera|происхожд|походжен|原産|产地|產地|원산지|shipfrom|dispatch/;

/** Headers of a note about the customer, not the customer (normaliseHeader). */
const CUSTOMER_NOTE =
  /note|comment|message|remark|instruction|notiz|kommentar|bemerkung|anmerkung|nachricht|commentaire|remarque|comentario|commento|opmerking|bericht/;

/**
 * Headers naming something else than the role, though they hold its synonym: "count" in
 * "Discounts", "Account", "Country"; an order's value, date or status ("Order Value", "Order
 * Status") or its kind ("Belegart", "Tipo de documento") beside its number; a discount's or
 * tax's amount ("Discount Amount") beside the sale's; a payment method, status, address or an
 * order's or person's name taken for a product's name from its words; a customer's note, kind
 * or spend for the customer.
 * Matched on the header as normaliseHeader writes it, or as written (`raw`).
 */
const OTHER_THINGS: Partial<Record<Role, { normalised?: RegExp; raw?: RegExp }>> = {
  // Nor is a quantity returned, refunded or cancelled beside the one sold ("Qty Returned"), nor
  // stock, a pack's size or an order limit ("Units in Stock", "Quantity Available", "Case Qty", "Min Qty").
  quantity: {
    normalised:
      /discount|account|country|counter|return|refund|cancel|storn|retour|devuel|devol|reso|rimbors|zwrot|stock|onhand|avail|inventor|bestand|lager|disponib|estoque|existenc|giacenza|voorraad|saldo|palautu|reorder|backorder|minimum|maximum|^min|^max|packsize|casesize|caseqty|percase|perpack|innerqty|outerqty|возврат|остат|склад|返品|在庫|退货|库存|반품|재고/,
  },
  invoice: {
    normalised:
      /value|total|amount|sum|price|date|status|statut|estado|stato|situacao|count|discount|tax(?!invoice)|shipping|fee|note|typ|tipo|soort|art$|time|currency|method|betrag|wert|summe|datum|dato|paiva|pvm|montant|importe|valor|bedrag|totaal|belopp|belob|belop|arvo|prix|preis|prezzo|precio|pris|hinta|tarih|tutar|fiyat|durum|дата|сумма|цена|статус|日|時|金額|単価|时间|金额|单价|运单|物流|快递|일|금액|단가|송장|reorder|level|manufactur|source|channel|origin|size|(line|pos|position)(no|nr|num|number|id)?$|qty$|quantity|menge|anzahl|cantidad|quantit|antal|mengde|maara|adet|miktar|количеств|колво|数量/,
  },
  // Nor is a birthday, an expiry or due date, or a customer's sign-up or first order ("Date of
  // Birth", "Customer Since"): recency would be measured from them. A last order or visit stays
  // a date: a customers report's rows, scored as they are when the user asks, are dated by it.
  date: {
    normalised:
      /birth|geburt|naissance|nacimiento|nascita|geboorte|fodelse|fodsel|syntyma|expir|ablauf|due|faellig|forfall|forfald|erapaiva|dogum|vade|рожден|народжен|生年月日|誕生日|生日|출생|생년월일|since|signup|registered|registration|joined|member|firstorder/,
  },
  // Nor is a payment's, a tracking or an order line's reference, nor a note ("Payment Reference", "My Item Note", "Line Item ID").
  sku: {
    normalised:
      /payment|transaction|tracking|auth|voucher|coupon|note|comment|(order|invoice|receipt|customer)(ref|reference|no|nr|number|id)$|^line(item)?(id|no|nr|number)$/,
  },
  // Nor is an order's, a person's, a shipment's, a store's, a company's or a tax's name ("Order name" #1001,
  // "Billing Name", "Cashier name", "Store Name", "Tax 1 Name"), nor a product's kind ("Product Type").
  description: {
    normalised:
      /payment|method|status|street|address|comment|note|tender|channel|carrier|tracking|coupon|discount|order(?!ed)|invoice|receipt|customer|client|buyer|cashier|employee|staff|seller|user|billing|shipping|shipto|billto|soldto|tax|(store|shop|outlet|branch|location|warehouse|company|firma|supplier|vendor|brand)(name|id|no|nr|number|code)?$|count|type$|заказ|клиент|покупател|оплат|доставк|статус|адрес|магазин|注文|顧客|支払|配送|住所|店舗|订单|客户|买家|支付|地址|店铺|주문|고객|결제|주소|배송/,
  },
  // A customer's note ("Customer Note", "Kundenkommentar") is free text, not who they are; another party's name,
  // email or phone (a cashier's, the store's) is not theirs.
  ...Object.fromEntries(
    (['full_name', 'first_name', 'last_name'] as const).map((r) => [r, { normalised: new RegExp(`${CUSTOMER_NOTE.source}|${OTHER_PARTY.source}`) }]),
  ),
  email: { normalised: OTHER_PARTY },
  phone: { normalised: OTHER_PARTY },
  // Nor is a group of customers, taxes, prices, payments or deliveries the product's ("Customer Group",
  // "Tax Group", "Age Group", "Price Group", "Shipping Group"): baskets by category would be of them.
  category: {
    // A discount's group by the one list of discount words (DISCOUNT_HEADER).
    normalised: new RegExp(
      `customer|client|kunde|buyer|member|loyalty|account|konto|user|tax|vat|mwst|steuer|agegroup|price|preis|prix|precio|payment|zahlung|shipping|versand|delivery|lieferung|target|salesgroup|kund|asiakas|moms|alv|pris|hinta|frakt|toimitus|maksu|musteri|kdv|fiyat|kargo|odeme|клиент|покупател|ндс|цена|доставк|оплат|顧客|税|価格|送料|支払|客户|会员|运费|고객|배송|${DISCOUNT_HEADER.source}`,
    ),
  },
  // Nor is where the goods came from ("Country of Origin", "Ship From Country") or where the other party is
  // ("Store City", "Supplier Country") where the customer is: the breakdowns by country and city would be theirs.
  ...Object.fromEntries((['country', 'city', 'postcode'] as const).map((r) => [r, { normalised: new RegExp(`${ORIGIN.source}|${OTHER_PARTY.source}`) }])),
  // Nor is their kind, group or spend ("Customer type": new or returning; "Customer Group", "Customer Total Spent"),
  // their address, state, birth or first purchase, nor who looks after them ("Account Manager", "Sales Rep").
  // (Where they live and how they are reached: namesOther.)
  customer: {
    normalised: new RegExp(
      `${CUSTOMER_NOTE.source}|type|typ|tipo|kind|status|group|gruppe|groupe|grupo|grup|grubu|ryhma|tyyppi|tipi|групп|тип|адрес|区分|種別|ランク|住所|等级|级别|类型|地址|金额|金額|支付|등급|유형|주소|금액|결제|segment|tier|level|class|total|spent|spend|value|amount|revenue|umsatz|price|preis|prix|precio|prezzo|points|punkte|address|street|strasse|adresse|direccion|indirizzo|adres|osoite|state|province|region|county|bundesland|provinz|provincia|estado|since|birth|gender|geschlecht|manager|owner|agent|representative|rep$|betreuer|vertreter`,
    ),
  },
  // Nor is a profit, a weight, a count or a document's number (NOT_MONEY) the sale's amount.
  line_total: { raw: NOT_SALE_AMOUNT, normalised: NOT_MONEY },
  unit_price: { raw: NOT_SALE_AMOUNT, normalised: NOT_MONEY },
};

/** Roles of where a customer lives and how they are reached: a header naming one is not the customer's key. */
const CUSTOMER_CONTACT: readonly Role[] = ['city', 'country', 'postcode', 'phone', 'email'];

/** Headers that name a product or a person alike (normaliseHeader). */
const BARE_NAME = new Set(['name', 'title']);

/**
 * The column headed as the product (not a bare name) to take the product's role from a bare
 * "Name" detected for it, when that name is the buyer's: alike on every line of each buyer (the
 * customer, else the email) with several lines, while the products of one of them differ.
 */
function buyersName(
  columns: readonly string[],
  mapping: ColumnMapping,
  manual: Partial<Record<Role, boolean>>,
  sample: Record<string, readonly (string | null)[]>,
): string | undefined {
  const name = mapping.description;
  const buyer = mapping.customer ?? mapping.email;
  if (name === undefined || manual.description || buyer === undefined || !BARE_NAME.has(normaliseHeader(name))) return undefined;
  const used = new Set(Object.values(mapping));
  const product = columns.find((c) => !used.has(c) && !BARE_NAME.has(normaliseHeader(c)) && headerFit('description', c) === 1);
  if (product === undefined) return undefined;
  const lines = new Map<string, { names: Set<string | null>; products: Set<string | null>; n: number }>();
  const buyers = sample[buyer] ?? [];
  buyers.forEach((b, i) => {
    if (b === null || b.trim() === '') return;
    const e = lines.get(b) ?? { names: new Set(), products: new Set(), n: 0 };
    e.names.add(sample[name]?.[i] ?? null);
    e.products.add(sample[product]?.[i] ?? null);
    e.n++;
    lines.set(b, e);
  });
  const repeat = [...lines.values()].filter((e) => e.n > 1);
  return repeat.length > 0 && repeat.every((e) => e.names.size === 1) && repeat.some((e) => e.products.size > 1) ? product : undefined;
}

/** Whether the header names something else than the role: never taken for it, from its header or its values. */
function namesOther(role: Role, header: string): boolean {
  // A customer's town, country, postcode, phone or email ("Customer City") is shared by many, or their contact.
  if (role === 'customer' && CUSTOMER_CONTACT.some((r) => headerFit(r, header) > 0)) return true;
  const other = OTHER_THINGS[role];
  return (other?.normalised?.test(normaliseHeader(header)) ?? false) || (other?.raw?.test(header) ?? false);
}

/** Roles a column can have from its values alone, when its header says nothing. */
function valuesOnlyFit(role: Role, p: ValueProfile & PhoneProfile): number {
  switch (role) {
    case 'date':
      return p.dateShare > 0.9 ? 0.6 : 0;
    case 'email':
      return p.emailShare > 0.9 ? 0.6 : 0;
    case 'description':
      return p.textShare > 0.7 && p.meanLength > 8 ? 0.4 : 0;
    case 'unit_price':
      return p.moneyShare > 0.7 ? 0.3 : 0;
    case 'quantity':
      return p.integerShare > 0.95 && p.distinctRatio < 0.2 ? 0.25 : 0;
    case 'phone':
      return p.phoneShare > 0.9 && p.formattedPhoneShare > 0.5 ? 0.5 : 0;
    default:
      return 0;
  }
}

/**
 * Assigns roles to columns from header names and sample values. Each role gets at most one
 * column and each column at most one role, best-scoring pairs first; ties go to the column
 * further left. Manual overrides are taken as they are (confidence 1) and removed from the pool.
 * O(columns × roles × sample).
 */
export function detectMapping(columns: readonly string[], sample: Record<string, readonly (string | null)[]>, overrides: ColumnMapping = {}): MappingResult {
  const mapping: ColumnMapping = {};
  const confidence: Partial<Record<Role, number>> = {};
  const manual: Partial<Record<Role, boolean>> = {};
  const taken = new Set<string>();
  // A role set to '' is not mapped, by the user's choice: detection leaves it alone.
  const unmapped = new Set<Role>();
  for (const [role, column] of Object.entries(overrides) as [Role, string][]) {
    if (column === '') {
      unmapped.add(role);
      manual[role] = true;
      continue;
    }
    if (!columns.includes(column)) {
      throw new EngineError('mapping', `--map ${role}=${column}: no such column; columns are ${columns.join(', ')}`, {
        column,
      });
    }
    mapping[role] = column;
    confidence[role] = 1;
    manual[role] = true;
    taken.add(column);
  }
  const layout = detectLayout(columns);
  const twins = repeatedColumns(columns);
  const times = timeColumns(columns, sample, twins);
  if (layout) {
    // A known layout's documentation beats guessing: no other column is given a role, so an
    // order total is never taken for a line total. Overrides still win.
    // A layout may give one column two roles (Shopify's Email is the customer and the email);
    // only a column the user mapped by hand is withheld from it.
    const overridden = new Set(Object.values(overrides));
    for (const [role, column] of Object.entries(layout.mapping) as [Role, string][]) {
      if (mapping[role] !== undefined || unmapped.has(role) || overridden.has(column)) continue;
      // As for any file: no date format can be read from an empty column; leave it for the user.
      // (profileValues' nonEmpty, without profiling the values: 15 ms on 5000 sampled dates.)
      if (role === 'date' && (sample[column] ?? []).every((v) => v === null || v.trim() === '')) continue;
      mapping[role] = column;
      confidence[role] = 1;
    }
    // Contact columns a shop added to a known layout (an email beside UCI's columns) are still
    // taken, by their header alone: never a money or quantity role, so the layout's rule holds.
    const used = new Set([...taken, ...Object.values(mapping), ...(layout.notContacts ?? [])]);
    for (const role of ['email', 'country', 'category', ...CONTACT_ROLES] as const) {
      if (mapping[role] !== undefined || unmapped.has(role)) continue;
      const column = columns.find(
        (c) =>
          !used.has(c) &&
          !twins.has(c) &&
          headerFit(role, c) === 1 &&
          valueFit(role, { ...profileValues(sample[c] ?? []), ...phoneProfile(sample[c] ?? []) }) > 0,
      );
      if (column === undefined) continue;
      mapping[role] = column;
      confidence[role] = 1;
      used.add(column);
    }
    if (!unmapped.has('time')) withTimeOfDay(times, sample, mapping, confidence);
    return { mapping, confidence, manual, layout };
  }
  const profiles = new Map(columns.map((c) => [c, { ...profileValues(sample[c] ?? []), ...phoneProfile(sample[c] ?? []) }]));
  const pairs: { role: Role; column: string; score: number; index: number }[] = [];
  const isTime = (column: string) => times.some((t) => t.column === column);
  // A report's counts ("Orders": how many) are no role's values, least of all the order number.
  const counts = countColumns(columns, sample);
  columns.forEach((column, index) => {
    if (twins.has(column) || counts.includes(column)) return;
    const p = profiles.get(column)!;
    for (const role of ROLES) {
      if (role === 'time' || namesOther(role, column)) continue;
      const h = headerFit(role, column);
      const v = valueFit(role, p) * fillWeight(p);
      // A time column ("2:05 PM") is no product name or quantity guessed from its values alone.
      const score = h > 0 ? (v === 0 ? 0 : headerScore(h, v)) : isTime(column) ? 0 : valuesOnlyFit(role, p) * v;
      if (score > 0.15) pairs.push({ role, column, score, index });
    }
  });
  pairs.sort((a, b) => b.score - a.score || a.index - b.index);
  for (const { role, column, score } of pairs) {
    if (mapping[role] !== undefined || unmapped.has(role) || taken.has(column)) continue;
    mapping[role] = column;
    confidence[role] = Math.round(score * 100) / 100;
    taken.add(column);
  }
  // SAP's bare "Material" is its material number, the product's code. The word also heads a
  // garment's fabric ("Cotton", "Wool"), so it is the product's code only where its values are codes with digits.
  const material = mapping.sku === undefined && !unmapped.has('sku') ? columns.find((c) => !taken.has(c) && normaliseHeader(c) === 'material') : undefined;
  const materialCodes = material === undefined ? 0 : profiles.get(material)!.digitCodeShare;
  if (material !== undefined && materialCodes >= 0.9) {
    mapping.sku = material;
    confidence.sku = Math.round(headerScore(1, materialCodes) * 100) / 100;
    taken.add(material);
  }
  // A cost ("Unit Cost", "Einkaufspreis") is what the shop paid, and a list price ("Regular Price",
  // "Was Price", "MSRP") what it asked before a discount: beside another column headed as the
  // price, that is the sale's. Alone, either is taken (spreadsheets' "Units, Unit Cost, Total").
  const notPaid = (c: string) => COST.test(normaliseHeader(c)) || LIST_PRICE.test(normaliseHeader(c));
  for (const role of ['unit_price', 'line_total'] as const) {
    const cost = mapping[role];
    if (cost === undefined || manual[role] || !notPaid(cost)) continue;
    const price = columns.find(
      (c) => !taken.has(c) && !twins.has(c) && !notPaid(c) && !namesOther(role, c) && headerFit(role, c) > 0 && valueFit(role, profiles.get(c)!) > 0,
    );
    if (price === undefined) continue;
    taken.delete(cost);
    taken.add(price);
    mapping[role] = price;
    const p = profiles.get(price)!;
    confidence[role] = Math.round(headerScore(headerFit(role, price), valueFit(role, p) * fillWeight(p)) * 100) / 100;
  }
  // Beside a line total its header names, money guessed from its values alone is some other
  // amount on the line (a till's "Discounts", mostly 0.00, beside its "Gross sales"), not a price:
  // taken for one, its zeros would remove the lines as priced at 0.
  if (
    mapping.unit_price !== undefined &&
    mapping.line_total !== undefined &&
    headerFit('unit_price', mapping.unit_price) === 0 &&
    headerFit('line_total', mapping.line_total) > 0
  ) {
    delete mapping.unit_price;
    delete confidence.unit_price;
  }
  // Money guessed from its values alone is taken for a unit price, unless it grows with the
  // quantity as a line's total does (total-or-price.ts).
  const money = mapping.unit_price;
  if (
    money !== undefined &&
    mapping.quantity !== undefined &&
    mapping.line_total === undefined &&
    !manual.unit_price &&
    !unmapped.has('line_total') &&
    headerFit('unit_price', money) === 0 &&
    isLineTotal(sample[mapping.quantity] ?? [], sample[money] ?? [])
  ) {
    mapping.line_total = money;
    confidence.line_total = confidence.unit_price!;
    delete mapping.unit_price;
    delete confidence.unit_price;
  }
  // The one money column, named a price or a total, read per product sold in several quantities:
  // a "Price" holding each line's total would be multiplied by the quantity again.
  const moneyRead = readMoneyPerProduct(mapping, manual, unmapped, sample);
  if (moneyRead) {
    const from = moneyRead.role === 'line_total' ? 'unit_price' : 'line_total';
    mapping[moneyRead.role] = moneyRead.column;
    confidence[moneyRead.role] = confidence[from]!;
    delete mapping[from];
    delete confidence[from];
  }
  // A bare "Name" may be the buyer's (an order form's "Name" beside its "Email"), its two-word
  // values reading as products better than one-word products do: one name per buyer, whose
  // products vary, is theirs, and the column headed as the product is the product.
  const product = buyersName(columns, mapping, manual, sample);
  if (product !== undefined) {
    mapping.description = product;
    const p = profiles.get(product)!;
    confidence.description = Math.round(headerScore(1, valueFit('description', p) * fillWeight(p)) * 100) / 100;
  }
  // A customer column empty in the whole sample (an unused field, guest checkouts) names nobody:
  // the name or email below does.
  if (mapping.customer !== undefined && !manual.customer && profiles.get(mapping.customer)!.nonEmpty === 0) {
    delete mapping.customer;
    delete confidence.customer;
  }
  // Some small shops' only customer key is a "Customer Name": without an id or email column it
  // stays the customer, as before the contact roles existed (beside an email, two people of one
  // name would count as one).
  const name = mapping.full_name;
  if (
    mapping.customer === undefined &&
    mapping.email === undefined &&
    !unmapped.has('customer') &&
    name !== undefined &&
    !manual.full_name &&
    headerFit('customer', name) > 0
  ) {
    mapping.customer = name;
    confidence.customer = confidence.full_name!;
    delete mapping.full_name;
    delete confidence.full_name;
  }
  const customerIsName = mapping.customer !== undefined && mapping.customer === name;
  // Without a customer id column, an email column is the customer too, as Shopify's and
  // BigCommerce's layouts name it: the person who bought, and the address a campaign reaches.
  // An email column mapped by hand too: changing which column is the email moves the customer
  // with it, rather than leaving no customer.
  // Without an email either, a column headed as a phone number is (a till's loyalty customers,
  // known by their phone); numbers that merely look like phones are not.
  const contact = mapping.email !== undefined ? 'email' : mapping.phone !== undefined && headerFit('phone', mapping.phone) > 0 ? 'phone' : undefined;
  if (mapping.customer === undefined && !unmapped.has('customer') && contact !== undefined) {
    mapping.customer = mapping[contact];
    confidence.customer = confidence[contact]!;
  }
  // Without a phone either, a first and a last name together (a hand-kept sheet, a till's
  // customer fields): the last name's column is the customer, read with the first name before it
  // (customerNameColumns).
  if (mapping.customer === undefined && !unmapped.has('customer') && mapping.first_name !== undefined && mapping.last_name !== undefined) {
    mapping.customer = mapping.last_name;
    confidence.customer = Math.min(confidence.first_name!, confidence.last_name!);
  }
  if (!unmapped.has('time')) withTimeOfDay(times, sample, mapping, confidence);
  // A total that is not the lines' amounts (a running total, a target): quantity × price are.
  const unrelated = manual.line_total ? undefined : unrelatedTotal(mapping, sample);
  if (unrelated) {
    delete mapping.line_total;
    delete confidence.line_total;
  }
  // A "total" in whole numbers below the unit price, with no quantity, counts units ("Amount" for "Menge").
  const counted = manual.line_total || unmapped.has('quantity') ? undefined : countAsTotal(mapping, sample);
  if (counted) {
    mapping.quantity = counted.column;
    confidence.quantity = confidence.line_total!;
    delete mapping.line_total;
    delete confidence.line_total;
  }
  let summary = summaryReport(counts, mapping, sample);
  // A row per customer, each read as one order, would give every customer one: no customer to
  // score unless the user maps one (then its rows are scored as they are, still said).
  if (summary?.rowPer === 'customer' && !manual.customer) {
    summary = { ...summary, customerLeftOut: mapping.customer! };
    delete mapping.customer;
    delete confidence.customer;
  }
  return {
    mapping,
    confidence,
    manual,
    ...(summary ? { summaryReport: summary } : {}),
    ...(moneyRead ? { moneyRead } : {}),
    ...(unrelated ? { unrelatedTotal: unrelated } : {}),
    ...(counted ? { countAsTotal: counted } : {}),
    ...(customerIsName && !summary?.customerLeftOut ? { customerIsName: true as const } : {}),
  };
}

/** A column whose header names a time and most of whose sampled values are times of day, and how sure that is. */
interface TimeColumn {
  column: string;
  confidence: number;
}

/**
 * The columns that hold times of day (those of their values that are not are reported when
 * read), the best-named first, then the leftmost. In memory, the header first: a file without
 * such a header looks at no value.
 */
function timeColumns(columns: readonly string[], sample: Record<string, readonly (string | null)[]>, twins: ReadonlySet<string>): TimeColumn[] {
  return columns
    .map((column, index) => ({ column, index, h: twins.has(column) ? 0 : headerFit('time', column) }))
    .filter((c) => c.h > 0)
    .map((c) => ({ ...c, share: timeOfDayShare(sample[c.column] ?? []) }))
    .filter((c) => c.share > 0.5)
    .sort((a, b) => b.h - a.h || a.index - b.index)
    .map((c) => ({ column: c.column, confidence: Math.round((0.55 * c.h + 0.45 * c.share) * 100) / 100 }));
}

/**
 * The time of day written beside a date that has none (a till's "Date" and "Time", "Datum" and
 * "Uhrzeit"): the first time column given no other role. Not where the date's sampled values say
 * a time other than midnight: such a date keeps its own.
 */
function withTimeOfDay(
  times: readonly TimeColumn[],
  sample: Record<string, readonly (string | null)[]>,
  mapping: ColumnMapping,
  confidence: Partial<Record<Role, number>>,
): void {
  if (mapping.time !== undefined || mapping.date === undefined || times.length === 0) return;
  if ((sample[mapping.date] ?? []).some((v) => v !== null && carriesTimeOfDay(v))) return;
  const used = new Set(Object.values(mapping));
  const time = times.find((t) => !used.has(t.column));
  if (time === undefined) return;
  mapping.time = time.column;
  confidence.time = time.confidence;
}

/** Guesses below this confidence are shown in red on the Data screen and named in warnings. */
export const LOW_CONFIDENCE = 0.5;

/**
 * The one money column mapped (a price without a total, or a total without a price), not by hand,
 * when its products say it is the other (total-or-price.ts moneyPerProduct); undefined otherwise.
 */
function readMoneyPerProduct(
  mapping: ColumnMapping,
  manual: Partial<Record<Role, boolean>>,
  unmapped: ReadonlySet<Role>,
  sample: Record<string, readonly (string | null)[]>,
): MoneyRead | undefined {
  const named = mapping.unit_price !== undefined ? 'unit_price' : 'line_total';
  const other = named === 'unit_price' ? 'line_total' : 'unit_price';
  const column = mapping[named];
  const item = mapping.sku ?? mapping.description;
  if (column === undefined || mapping[other] !== undefined || manual[named] || unmapped.has(other) || mapping.quantity === undefined || item === undefined)
    return undefined;
  const read = moneyPerProduct(sample[mapping.quantity] ?? [], sample[column] ?? [], sample[item] ?? []);
  if (read === undefined || read.reads === (named === 'unit_price' ? 'price' : 'total')) return undefined;
  const { reads: _, ...told } = read;
  return { column, role: other, ...told };
}

/** The words for a money column read otherwise than its header names it; none without. */
export function moneyReadWarnings(m: MappingResult): string[] {
  const r = m.moneyRead;
  if (r === undefined) return [];
  const [a, b] = r.example.lines;
  const how =
    r.role === 'line_total'
      ? "each line's total, not a unit price: it grows with the quantity"
      : "a unit price, not each line's total: it stays alike whatever the quantity";
  const as = r.role === 'line_total' ? 'line total' : 'unit price';
  return [
    `"${r.column}" holds ${how} for ${r.products} of ${r.of} products sold in several quantities (e.g. "${r.example.item}": ${a[0]} for ${a[1]}, ${b[0]} for ${b[1]}); it is read as the ${as} (map ${r.role === 'line_total' ? 'unit_price' : 'line_total'} to "${r.column}" by hand to read it as its header says)`,
  ];
}

/**
 * Revenue (every monetary figure) computed from columns guessed from their values alone (no header
 * named them, nobody chose them), such as a headerless file's: a warning naming them, or none.
 * The CDNOW sample's CD count and dollar value are taken for quantity and unit price (25% and 30%),
 * and revenue is then their product, 4.3 times the real one.
 */
export function guessedAmountWarnings(m: MappingResult): string[] {
  const roles: Role[] = m.mapping.line_total !== undefined ? ['line_total'] : ['quantity', 'unit_price'];
  const guessed = roles.filter((r) => m.mapping[r] !== undefined && !m.manual[r] && (m.confidence[r] ?? 0) < LOW_CONFIDENCE);
  if (guessed.length === 0) return [];
  const named = guessed.map((r) => `${r} <- "${m.mapping[r]}" (confidence ${Math.round((m.confidence[r] ?? 0) * 100)}%)`);
  return [`revenue comes from columns guessed from their values alone: ${named.join(', ')}; check them, or map the amount columns by hand`];
}

/**
 * What one order is: an invoice; without an invoice column, a line of an order table (no item
 * column: R's rfm counts an order table's rows as orders) or a visit, a customer's lines of one
 * day (lines of items are parts of purchases; lifetimes collapses a day's transactions so too).
 * null without a customer: no orders to count.
 */
export function orderKey(mapping: ColumnMapping): 'invoice' | 'line' | 'visit' | null {
  if (mapping.invoice !== undefined) return 'invoice';
  if (mapping.customer === undefined) return null;
  return mapping.date !== undefined && (mapping.sku !== undefined || mapping.description !== undefined) ? 'visit' : 'line';
}

/**
 * The first and last name columns a customer is read from together ("Ann" "Lee" is "Ann Lee"):
 * where the customer column is the mapped first or last name and the other is mapped beside it.
 * Either alone would count a family, or every Ann, as one customer.
 */
export function customerNameColumns(mapping: ColumnMapping): readonly [string, string] | undefined {
  const { customer, first_name: first, last_name: last } = mapping;
  if (customer === undefined || first === undefined || last === undefined || first === last) return undefined;
  return customer === first || customer === last ? [first, last] : undefined;
}

/** What each analysis needs; returns the missing requirements in words, empty when satisfied. */
export function missingRoles(mapping: ColumnMapping, purpose: 'rfm' | 'baskets'): string[] {
  const missing: string[] = [];
  const has = (r: Role) => mapping[r] !== undefined;
  if (purpose === 'baskets') {
    if (!has('invoice') && !has('customer')) missing.push('invoice (or customer) to group baskets');
    if (!has('sku') && !has('description') && !has('category')) missing.push('sku or description');
    return missing;
  }
  // No invoice (a line or a visit is then one order: orderKey) and no item: RFM needs neither.
  if (!has('date')) missing.push('date');
  if (!has('customer')) missing.push('customer');
  if (!hasAmount(mapping)) missing.push(AMOUNT_NEEDED);
  return missing;
}

/** What a line's amount needs (amount.ts): a line total, or a unit price (times a quantity when the file has one). */
export const AMOUNT_NEEDED = 'unit_price (with quantity where a line holds several units), or line_total';
export const hasAmount = (m: ColumnMapping): boolean => m.unit_price !== undefined || m.line_total !== undefined;
