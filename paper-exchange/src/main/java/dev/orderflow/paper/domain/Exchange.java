package dev.orderflow.paper.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The matching engine of the paper exchange: accounts, orders and trades over the simulated
 * markets. Plain Java, one lock: every operation is a short in-memory step, so the engine is
 * deterministic for a given seed and sequence of calls ({@link #tick()} included).
 */
public final class Exchange {

    private static final int SCALE = 8;

    private final Map<String, Market> markets = new LinkedHashMap<>();
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final BigDecimal makerRate;
    private final BigDecimal takerRate;
    private final LongSupplier clock;
    private volatile ExchangeListener listener = ExchangeListener.NONE;
    private volatile FillPolicy fillPolicy = FillPolicy.UNLIMITED;

    /** Open orders by id, in id order (the order resting orders are matched in). */
    private final TreeMap<Long, Order> open = new TreeMap<>();
    /** Every order per account and symbol, in placement order. */
    private final Map<String, List<Order>> ordersByAccountSymbol = new HashMap<>();
    private final Map<Long, Order> ordersById = new HashMap<>();
    /** Latest order per account, symbol and client order id. */
    private final Map<String, Order> latestByCoid = new HashMap<>();
    private final Map<String, List<Trade>> tradesByAccountSymbol = new HashMap<>();
    private long nextOrderId = 1;
    private long nextTradeId = 1;
    private long nextCancelId = 1;

    public Exchange(Collection<SymbolSpec> symbols, long seed, int bookLevels, Map<String, BigDecimal> startingBalances,
            Collection<String> apiKeys, BigDecimal makerRate, BigDecimal takerRate, LongSupplier clock) {
        for (SymbolSpec spec : symbols) {
            markets.put(spec.symbol(), new Market(spec, seed, bookLevels));
        }
        long uid = 1000;
        for (String key : apiKeys) {
            accounts.put(key, new Account(key, uid++, new TreeMap<>(startingBalances)));
        }
        this.makerRate = makerRate;
        this.takerRate = takerRate;
        this.clock = clock;
    }

    public void setListener(ExchangeListener listener) {
        this.listener = listener == null ? ExchangeListener.NONE : listener;
    }

    public void setFillPolicy(FillPolicy fillPolicy) {
        this.fillPolicy = fillPolicy == null ? FillPolicy.UNLIMITED : fillPolicy;
    }

    public BigDecimal makerRate() {
        return makerRate;
    }

    public BigDecimal takerRate() {
        return takerRate;
    }

    public boolean hasAccount(String apiKey) {
        return accounts.containsKey(apiKey);
    }

    public Collection<SymbolSpec> symbols() {
        return markets.values().stream().map(Market::spec).toList();
    }

    public SymbolSpec symbol(String symbol) {
        Market market = markets.get(symbol);
        if (market == null) {
            throw Rejection.invalidSymbol();
        }
        return market.spec();
    }

    // ---------------------------------------------------------------- market data

    public synchronized BookView book(String symbol, int limit) {
        return market(symbol).view(limit, clock.getAsLong());
    }

    public synchronized List<BookView> books(int limit) {
        long now = clock.getAsLong();
        return markets.values().stream().map(m -> m.view(limit, now)).toList();
    }

    /** One refresh of every market not in {@code frozen}, then resting orders meet the new books. */
    public synchronized void tick(Set<String> frozen) {
        for (Market market : markets.values()) {
            if (!frozen.contains(market.spec().symbol())) {
                market.step();
            }
        }
        matchResting(frozen);
    }

    public void tick() {
        tick(Set.of());
    }

    /** Moves a symbol's mid price (admin) and lets resting orders meet the new book. */
    public synchronized BookView moveMid(String symbol, BigDecimal price) {
        market(symbol).moveTo(price);
        matchResting(Set.of());
        return market(symbol).view(5, clock.getAsLong());
    }

    private void matchResting(Set<String> frozen) {
        if (open.isEmpty()) {
            return;
        }
        long now = clock.getAsLong();
        for (Order order : new ArrayList<>(open.values())) {
            if (frozen.contains(order.symbol)) {
                continue;
            }
            Market market = markets.get(order.symbol);
            BigDecimal cap = capFor(order, market.spec());
            List<Trade> fills = walk(order, market, order.remainingQty().min(cap), null, true, now);
            if (!fills.isEmpty()) {
                Account account = accounts.get(order.apiKey);
                listener.onBalances(order.apiKey, balanceViews(account, market.spec()), now);
            }
        }
    }

    // ---------------------------------------------------------------- trading

    /** Validates an order against the filters and the account without placing it ({@code order/test}). */
    public synchronized void validate(String apiKey, NewOrder request) {
        Market market = market(request.symbol());
        checkFilters(market, request);
        account(apiKey);
    }

    public synchronized PlaceResult place(String apiKey, NewOrder request) {
        Account account = account(apiKey);
        Market market = market(request.symbol());
        SymbolSpec spec = market.spec();
        checkFilters(market, request);
        String coid = request.clientOrderId();
        if (coid != null) {
            Order previous = latestByCoid.get(coidKey(apiKey, request.symbol(), coid));
            if (previous != null && previous.status.isOpen()) {
                throw Rejection.duplicate();
            }
        }
        if (request.type() == OrderType.LIMIT_MAKER) {
            BigDecimal best = market.bestOpposite(request.side());
            if (best != null && crosses(request.side(), request.price(), best)) {
                throw new Rejection(-2010, "Order would immediately match and take.");
            }
        }
        long now = clock.getAsLong();
        long id = nextOrderId++;
        Order order = new Order(id, apiKey, request, coid != null ? coid : "paper_" + Long.toString(id, 36) + "x" + now % 100000, now);

        // What must be locked: LIMIT at its price; MARKET at what walking the book would take.
        BigDecimal lockAmount;
        String lockAsset;
        if (order.side == Side.BUY) {
            lockAsset = spec.quoteAsset();
            if (order.type != OrderType.MARKET) {
                lockAmount = scale(order.price.multiply(order.origQty));
            } else if (order.byQuote()) {
                lockAmount = order.origQuoteOrderQty;
            } else {
                lockAmount = scale(estimateQuote(market, order));
            }
        } else {
            lockAsset = spec.baseAsset();
            lockAmount = order.byQuote() ? estimateBase(market, order) : order.origQty;
        }
        if (account.free(lockAsset).compareTo(lockAmount) < 0) {
            nextOrderId--;
            throw Rejection.insufficientBalance();
        }
        account.lock(lockAsset, lockAmount);
        order.locked = lockAmount;
        register(order);
        listener.onOrderUpdate(apiKey, order.view(), ExecutionType.NEW, null, null, null, now);

        BigDecimal cap = capFor(order, spec);
        List<Trade> fills = List.of();
        boolean fok = order.timeInForce == TimeInForce.FOK;
        if (fok && !fillable(market, order, cap)) {
            fills = List.of();
        } else if (order.type == OrderType.MARKET && order.byQuote()) {
            BigDecimal quoteCap = order.origQuoteOrderQty.multiply(BigDecimal.valueOf(fillPolicy.maxFillFraction(spec.symbol())));
            fills = walk(order, market, null, order.origQuoteOrderQty.min(quoteCap), false, now);
        } else if (order.type != OrderType.LIMIT_MAKER) {
            fills = walk(order, market, order.origQty.min(cap), null, false, now);
        }
        if (order.status.isOpen() && (order.type == OrderType.MARKET || order.timeInForce != TimeInForce.GTC)) {
            finish(order, OrderStatus.EXPIRED, ExecutionType.EXPIRED, null, now);
        }
        listener.onBalances(apiKey, balanceViews(account, spec), now);
        return new PlaceResult(order.view(), fills, now);
    }

    public synchronized CancelResult cancel(String apiKey, String symbol, Long orderId, String origClientOrderId,
            String newClientOrderId) {
        Account account = account(apiKey);
        SymbolSpec spec = market(symbol).spec();
        Order order = find(apiKey, symbol, orderId, origClientOrderId);
        if (order == null || !order.status.isOpen()) {
            throw Rejection.unknownOrderOnCancel();
        }
        long now = clock.getAsLong();
        String cancelId = newClientOrderId != null ? newClientOrderId : "paper_cancel_" + nextCancelId++;
        finish(order, OrderStatus.CANCELED, ExecutionType.CANCELED, cancelId, now);
        listener.onBalances(apiKey, balanceViews(account, spec), now);
        return new CancelResult(order.view(), cancelId, now);
    }

    public synchronized OrderView query(String apiKey, String symbol, Long orderId, String origClientOrderId) {
        account(apiKey);
        market(symbol);
        Order order = find(apiKey, symbol, orderId, origClientOrderId);
        if (order == null) {
            throw Rejection.noSuchOrder();
        }
        return order.view();
    }

    public synchronized List<OrderView> openOrders(String apiKey, String symbol) {
        account(apiKey);
        if (symbol != null) {
            market(symbol);
        }
        return open.values().stream()
                .filter(o -> o.apiKey.equals(apiKey) && (symbol == null || o.symbol.equals(symbol)))
                .map(Order::view).toList();
    }

    public synchronized List<OrderView> allOrders(String apiKey, String symbol, Long fromOrderId, Long startTime,
            Long endTime, int limit) {
        account(apiKey);
        market(symbol);
        List<Order> all = ordersByAccountSymbol.getOrDefault(apiKey + '|' + symbol, List.of());
        List<OrderView> out = new ArrayList<>();
        boolean fromStart = fromOrderId != null || startTime != null;
        for (int i = 0; i < all.size(); i++) {
            Order o = all.get(fromStart ? i : Math.max(0, all.size() - limit) + i);
            if (!fromStart && i >= Math.min(limit, all.size())) {
                break;
            }
            if ((fromOrderId == null || o.orderId >= fromOrderId) && (startTime == null || o.time >= startTime)
                    && (endTime == null || o.time <= endTime)) {
                out.add(o.view());
                if (out.size() == limit) {
                    break;
                }
            }
        }
        return out;
    }

    public synchronized List<Trade> myTrades(String apiKey, String symbol, Long orderId, Long fromId, Long startTime,
            Long endTime, int limit) {
        account(apiKey);
        market(symbol);
        List<Trade> all = tradesByAccountSymbol.getOrDefault(apiKey + '|' + symbol, List.of());
        List<Trade> matching = all.stream()
                .filter(t -> (orderId == null || t.orderId() == orderId) && (fromId == null || t.id() >= fromId)
                        && (startTime == null || t.time() >= startTime) && (endTime == null || t.time() <= endTime))
                .toList();
        if (fromId != null || startTime != null) {
            return matching.stream().limit(limit).toList();
        }
        return matching.subList(Math.max(0, matching.size() - limit), matching.size());
    }

    public synchronized AccountView account(String apiKey, boolean omitZeroBalances) {
        Account account = account(apiKey);
        List<BalanceView> balances = new ArrayList<>();
        for (String asset : account.balances.keySet()) {
            BalanceView view = account.view(asset);
            if (!omitZeroBalances || view.free().signum() != 0 || view.locked().signum() != 0) {
                balances.add(view);
            }
        }
        return new AccountView(account.uid, account.updateTime, balances);
    }

    /** Sets an asset's free balance of an account (admin). */
    public synchronized BalanceView setBalance(String apiKey, String asset, BigDecimal free) {
        Account account = account(apiKey);
        BigDecimal[] balance = account.balance(asset);
        balance[0] = free;
        account.updateTime = clock.getAsLong();
        listener.onBalances(apiKey, List.of(account.view(asset)), account.updateTime);
        return account.view(asset);
    }

    public synchronized int openOrderCount() {
        return open.size();
    }

    // ---------------------------------------------------------------- internals

    private Market market(String symbol) {
        if (symbol == null) {
            throw new Rejection(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
        }
        Market market = markets.get(symbol);
        if (market == null) {
            throw Rejection.invalidSymbol();
        }
        return market;
    }

    private Account account(String apiKey) {
        Account account = accounts.get(apiKey);
        if (account == null) {
            throw new Rejection(-2015, "Invalid API-key, IP, or permissions for action.");
        }
        return account;
    }

    private static String coidKey(String apiKey, String symbol, String coid) {
        return apiKey + '|' + symbol + '|' + coid;
    }

    private void register(Order order) {
        open.put(order.orderId, order);
        ordersById.put(order.orderId, order);
        ordersByAccountSymbol.computeIfAbsent(order.apiKey + '|' + order.symbol, k -> new ArrayList<>()).add(order);
        latestByCoid.put(coidKey(order.apiKey, order.symbol, order.clientOrderId), order);
    }

    private Order find(String apiKey, String symbol, Long orderId, String origClientOrderId) {
        if (orderId == null && origClientOrderId == null) {
            throw new Rejection(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
        }
        Order order = orderId != null ? ordersById.get(orderId)
                : latestByCoid.get(coidKey(apiKey, symbol, origClientOrderId));
        if (order == null || !order.apiKey.equals(apiKey) || !order.symbol.equals(symbol)) {
            return null;
        }
        if (orderId != null && origClientOrderId != null && !order.clientOrderId.equals(origClientOrderId)) {
            return null;
        }
        return order;
    }

    private void checkFilters(Market market, NewOrder request) {
        SymbolSpec spec = market.spec();
        if (request.price() != null) {
            BigDecimal p = request.price();
            if (p.compareTo(spec.minPrice()) < 0 || p.compareTo(SymbolSpec.MAX_PRICE) > 0 || !spec.onTick(p)) {
                throw Rejection.filter("PRICE_FILTER");
            }
        }
        if (request.quantity() != null) {
            BigDecimal q = request.quantity();
            if (q.compareTo(spec.minQty()) < 0 || q.compareTo(SymbolSpec.MAX_QTY) > 0 || !spec.onStep(q)) {
                throw Rejection.filter("LOT_SIZE");
            }
        }
        BigDecimal notional;
        if (request.quoteOrderQty() != null) {
            notional = request.quoteOrderQty();
        } else {
            BigDecimal price = request.price() != null ? request.price() : BigDecimal.valueOf(market.mid());
            notional = price.multiply(request.quantity());
        }
        if (notional.compareTo(spec.minNotional()) < 0) {
            throw Rejection.filter("NOTIONAL");
        }
    }

    private static boolean crosses(Side side, BigDecimal limit, BigDecimal levelPrice) {
        return side == Side.BUY ? levelPrice.compareTo(limit) <= 0 : levelPrice.compareTo(limit) >= 0;
    }

    private BigDecimal capFor(Order order, SymbolSpec spec) {
        double fraction = fillPolicy.maxFillFraction(spec.symbol());
        if (fraction >= 1.0 || order.byQuote()) {
            return order.origQty.signum() > 0 ? order.origQty : SymbolSpec.MAX_QTY;
        }
        BigDecimal cap = spec.floorToStep(order.origQty.multiply(BigDecimal.valueOf(fraction)));
        return cap.max(spec.stepSize());
    }

    /** Quote a MARKET BUY by quantity would spend walking the book now (the whole remainder at the worst level if thin). */
    private BigDecimal estimateQuote(Market market, Order order) {
        BigDecimal left = order.origQty;
        BigDecimal quote = BigDecimal.ZERO;
        BigDecimal last = BigDecimal.valueOf(market.mid());
        for (Level level : market.asks) {
            if (left.signum() <= 0) {
                break;
            }
            BigDecimal q = level.qty.min(left);
            quote = quote.add(q.multiply(level.price));
            left = left.subtract(q);
            last = level.price;
        }
        return quote.add(left.multiply(last));
    }

    /** Base a MARKET SELL by quoteOrderQty would sell walking the book now. */
    private BigDecimal estimateBase(Market market, Order order) {
        BigDecimal left = order.origQuoteOrderQty;
        BigDecimal base = BigDecimal.ZERO;
        for (Level level : market.bids) {
            if (left.signum() <= 0) {
                break;
            }
            BigDecimal q = market.spec().floorToStep(left.divide(level.price, SCALE, RoundingMode.DOWN)).min(level.qty);
            base = base.add(q);
            left = left.subtract(q.multiply(level.price));
        }
        return base;
    }

    private boolean fillable(Market market, Order order, BigDecimal cap) {
        if (cap.compareTo(order.origQty) < 0) {
            return false;
        }
        BigDecimal left = order.origQty;
        for (Level level : order.side == Side.BUY ? market.asks : market.bids) {
            if (order.type != OrderType.MARKET && !crosses(order.side, order.price, level.price)) {
                break;
            }
            left = left.subtract(level.qty);
            if (left.signum() <= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fills {@code order} against the opposite side of the book: up to {@code qtyLimit} base, or for
     * quote orders up to {@code quoteLimit}. Takers get each level's price, resting (maker) orders
     * their own limit price.
     */
    private List<Trade> walk(Order order, Market market, BigDecimal qtyLimit, BigDecimal quoteLimit, boolean maker,
            long now) {
        SymbolSpec spec = market.spec();
        List<Trade> fills = new ArrayList<>(2);
        BigDecimal qtyLeft = qtyLimit;
        BigDecimal quoteLeft = quoteLimit;
        boolean limited = order.type != OrderType.MARKET;
        for (Level level : order.side == Side.BUY ? market.asks : market.bids) {
            if (level.qty.signum() <= 0) {
                continue;
            }
            if (limited && !crosses(order.side, order.price, level.price)) {
                break;
            }
            BigDecimal price = maker ? order.price : level.price;
            BigDecimal q;
            if (quoteLeft != null) {
                q = spec.floorToStep(quoteLeft.divide(price, SCALE, RoundingMode.DOWN)).min(level.qty);
            } else {
                q = qtyLeft.min(level.qty);
            }
            if (q.signum() <= 0) {
                break;
            }
            if (order.side == Side.SELL && !order.byQuote() && q.compareTo(order.locked) > 0) {
                q = order.locked;
            }
            if (order.side == Side.BUY && order.type == OrderType.MARKET
                    && scale(q.multiply(price)).compareTo(order.locked) > 0) {
                q = spec.floorToStep(order.locked.divide(price, SCALE, RoundingMode.DOWN));
                if (q.signum() <= 0) {
                    break;
                }
            }
            if (order.side == Side.SELL && order.byQuote() && q.compareTo(order.locked) > 0) {
                q = order.locked;
                if (q.signum() <= 0) {
                    break;
                }
            }
            level.qty = level.qty.subtract(q);
            fills.add(fill(order, spec, price, q, maker, now));
            if (quoteLeft != null) {
                quoteLeft = quoteLeft.subtract(q.multiply(price));
            } else {
                qtyLeft = qtyLeft.subtract(q);
                if (qtyLeft.signum() <= 0) {
                    break;
                }
            }
        }
        return fills;
    }

    private Trade fill(Order order, SymbolSpec spec, BigDecimal price, BigDecimal qty, boolean maker, long now) {
        Account account = accounts.get(order.apiKey);
        BigDecimal quoteQty = scale(price.multiply(qty));
        BigDecimal rate = maker ? makerRate : takerRate;
        BigDecimal commission;
        String commissionAsset;
        if (order.side == Side.BUY) {
            BigDecimal release = order.type == OrderType.MARKET ? quoteQty : scale(order.price.multiply(qty));
            release = release.min(order.locked);
            account.spendLocked(spec.quoteAsset(), release);
            account.addFree(spec.quoteAsset(), release.subtract(quoteQty));
            order.locked = order.locked.subtract(release);
            commission = scale(qty.multiply(rate));
            commissionAsset = spec.baseAsset();
            account.addFree(spec.baseAsset(), qty.subtract(commission));
        } else {
            account.spendLocked(spec.baseAsset(), qty);
            order.locked = order.locked.subtract(qty);
            commission = scale(quoteQty.multiply(rate));
            commissionAsset = spec.quoteAsset();
            account.addFree(spec.quoteAsset(), quoteQty.subtract(commission));
        }
        account.updateTime = now;
        order.executedQty = order.executedQty.add(qty);
        order.cumQuote = order.cumQuote.add(quoteQty);
        order.updateTime = now;
        Trade trade = new Trade(nextTradeId++, spec.symbol(), order.orderId, order.side, price, qty, quoteQty,
                commission, commissionAsset, now, maker);
        tradesByAccountSymbol.computeIfAbsent(order.apiKey + '|' + spec.symbol(), k -> new ArrayList<>()).add(trade);
        boolean complete = order.byQuote()
                ? order.cumQuote.compareTo(order.origQuoteOrderQty) >= 0
                        || order.origQuoteOrderQty.subtract(order.cumQuote).compareTo(price.multiply(spec.stepSize())) < 0
                : order.executedQty.compareTo(order.origQty) >= 0;
        if (complete) {
            order.status = OrderStatus.FILLED;
            open.remove(order.orderId);
            releaseLock(order, account, spec);
        } else {
            order.status = OrderStatus.PARTIALLY_FILLED;
        }
        listener.onOrderUpdate(order.apiKey, order.view(), ExecutionType.TRADE, trade, null, null, now);
        return trade;
    }

    private void finish(Order order, OrderStatus status, ExecutionType execution, String cancelId, long now) {
        order.status = status;
        order.updateTime = now;
        open.remove(order.orderId);
        releaseLock(order, accounts.get(order.apiKey), markets.get(order.symbol).spec());
        listener.onOrderUpdate(order.apiKey, order.view(), execution, null, cancelId, null, now);
    }

    private void releaseLock(Order order, Account account, SymbolSpec spec) {
        if (order.locked.signum() != 0) {
            account.unlock(order.side == Side.BUY ? spec.quoteAsset() : spec.baseAsset(), order.locked);
            order.locked = BigDecimal.ZERO;
        }
    }

    private static List<BalanceView> balanceViews(Account account, SymbolSpec spec) {
        Set<String> assets = new LinkedHashSet<>(List.of(spec.baseAsset(), spec.quoteAsset()));
        return assets.stream().map(account::view).toList();
    }

    private static BigDecimal scale(BigDecimal value) {
        return value.setScale(SCALE, RoundingMode.HALF_UP);
    }

    static BigDecimal round(double value) {
        return new BigDecimal(value, MathContext.DECIMAL64);
    }
}
